// npm run lint (part of npm test): typescript-eslint's recommended and type-checked rules over the
// app, the benchmarks, the tests and the scripts' types; the few rules left out say why.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'public/', 'bench-results/', 'test-results/', 'training/', '**/*.mjs', '**/*.cjs', 'src/**/*.as.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are tsc's job (noUnusedLocals, noUnusedParameters), with `_` for a required but unused parameter.
      '@typescript-eslint/no-unused-vars': 'off',
      // The typed error contract: the workers throw plain `{ code, message }` objects, which cross
      // Comlink as they are (an Error would lose its code on the way).
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'StylizerError', path: 'src/shared/errors.ts' }] }],
      // The worker APIs are async by contract (Comlink makes every call a promise, and a throw in an
      // async method is a rejection the page handles), whether or not a method awaits anything.
      '@typescript-eslint/require-await': 'off',
      // tfjs's ops are generic in the tensor's rank and this code names the rank the tfjs way, with
      // an assertion (`tf.zeros(shape) as tf.Tensor4D`); the rule wants type arguments instead
      // (`tf.zeros<Rank.R4>(shape)`) at some 70 places. Its other half (assertions that change
      // nothing) was applied once with --fix; tsc's strict mode guards the rest.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);
