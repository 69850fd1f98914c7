import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs-backend-wasm 4.22 has no kernels for three gradients the refinement needs through the style
 * predictor (MobileNetV2): the filter gradients of (depthwise) convolutions, which tfjs's fused ops
 * ask for even when only the input is optimised, and the depthwise convolution's gradient to its
 * input. The filters are constants here, so their gradients are zeros that nobody reads; the input
 * gradient runs the CPU backend's kernel on copies of the two operands. Registered once, for
 * 'wasm' only; other backends have their own kernels.
 */
let registered = false;

export function registerWasmGradientKernels(): void {
  if (registered || tf.getBackend() !== 'wasm') return;
  registered = true;
  const zeroFilterGradient = (kernelName: string) =>
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ attrs, backend }) => {
        const wasm = backend as BackendWasm;
        const out = wasm.makeOutput((attrs as unknown as { filterShape: number[] }).filterShape, 'float32');
        wasm.typedArrayFromHeap(out).fill(0);
        return out;
      },
    });
  zeroFilterGradient('Conv2DBackpropFilter');
  zeroFilterGradient('DepthwiseConv2dNativeBackpropFilter');
  tf.registerKernel({
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as BackendWasm;
      const cpu = tf.findBackend('cpu');
      const kernel = tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'cpu');
      if (!cpu || !kernel) throw new Error('The CPU backend is needed for the depthwise gradient on WebAssembly.');
      const toCpu = (info: tf.TensorInfo): tf.TensorInfo => ({ dataId: cpu.write(wasm.typedArrayFromHeap(info).slice(), info.shape, info.dtype), shape: info.shape, dtype: info.dtype });
      const dy = toCpu(inputs.dy as tf.TensorInfo);
      const filter = toCpu(inputs.filter as tf.TensorInfo);
      const result = kernel.kernelFunc({ inputs: { dy, filter }, attrs, backend: cpu }) as tf.TensorInfo;
      const out = wasm.makeOutput(result.shape, 'float32');
      wasm.typedArrayFromHeap(out).set(cpu.readSync(result.dataId) as Float32Array);
      for (const info of [dy, filter, result]) cpu.disposeData(info.dataId);
      return out;
    },
  });
}
