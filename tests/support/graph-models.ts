import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { decodeGraphWeights, type GraphNode, type GraphWeights } from '../../src/worker/model/litert/graph-model-tflite';

/** A tfjs graph model's nodes and weights, read from its folder on disk (model.json and one shard). */
export function readGraphModel(folder: string): { nodes: GraphNode[]; weights: GraphWeights } {
  const model = JSON.parse(readFileSync(resolve(folder, 'model.json'), 'utf8')) as {
    modelTopology: { node: GraphNode[] };
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const group = model.weightsManifest[0]!;
  const bin = readFileSync(resolve(folder, group.paths[0]!));
  return { nodes: model.modelTopology.node, weights: decodeGraphWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), group.weights) };
}
