/**
 * The pipeline the well-known browser demos of this model use, as a peer to compare the app with:
 * tfjs with no configuration at all (so the backend is whatever tfjs picks by default: WebGL where
 * the browser has it), on the main thread, each frame fromPixels → resize → execute → dataSync →
 * draw, in a requestAnimationFrame loop. Nothing of the app is imported but its frame-size rule, so
 * both run the network at the same size.
 */
import * as tf from '@tensorflow/tfjs';
import { processingSize } from '../worker/geometry/frame-sizes';
import { percentile, round, timedWindow } from './percentiles';

interface PeerOptions {
  shortSide: number;
  seconds: number;
  embedding: number[];
}

async function runPeer(options: PeerOptions) {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  await video.play();
  await tf.ready();
  const model = await tf.loadGraphModel(new URL('models/style-transformer/model.json', document.baseURI).href);
  const embedding = tf.tensor4d(options.embedding, [1, 1, 1, options.embedding.length]);
  const { width, height } = processingSize(video.videoWidth, video.videoHeight, options.shortSide);
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const frame = async () => {
    const out = tf.tidy(() => {
      const content = tf.image.resizeBilinear(tf.browser.fromPixels(video), [height, width]).div(255).expandDims(0);
      return (model.execute({ content, style_embedding: embedding }, 'stylized') as tf.Tensor4D).squeeze([0]) as tf.Tensor3D;
    });
    out.dataSync();
    await tf.browser.toPixels(out, canvas);
    out.dispose();
  };
  const nextAnimationFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  // Warmed up as the app is (one run at load), so shader compilation is not counted.
  await frame();
  let longest = 0;
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks++;
      longest = Math.max(longest, entry.duration);
    }
  });
  observer.observe({ type: 'longtask', buffered: false });
  const { frames, frameMs } = await timedWindow(options.seconds, frame, nextAnimationFrame);
  observer.disconnect();
  (video.srcObject).getTracks().forEach((track) => track.stop());
  embedding.dispose();
  model.dispose();
  return {
    pipeline: 'peer-main-thread-default-backend',
    backend: tf.getBackend(),
    resolution: `${width}x${height}`,
    fps: round(frames / options.seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(percentile(frameMs, 95)),
    mainThreadLongTasks: longTasks,
    // How long the page could not answer a click at worst.
    longestMainThreadFreezeMs: round(longest, 0),
  };
}

declare global {
  interface Window {
    runPeer: typeof runPeer;
  }
}
window.runPeer = runPeer;
