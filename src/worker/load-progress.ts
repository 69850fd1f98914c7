import type { LoadProgress, LoadStage } from '../shared/protocol';

/** Where each load stage starts on the 0..1 progress bar; the download takes most of the time. */
const STAGE_START: Record<LoadStage, number> = { backend: 0, download: 0.05, 'warm-up': 0.85, ready: 1 };
/** The predictor's weights are about 9× the transformer's: their shares of the download part. */
const DOWNLOAD_SHARES = { predictor: 0.9, transformer: 0.1 } as const;

export type Network = keyof typeof DOWNLOAD_SHARES;

/** One progress bar over a load whose two downloads run at once. */
export class LoadProgressReporter {
  private readonly downloaded: Record<Network, number> = { predictor: 0, transformer: 0 };

  constructor(private readonly report: (progress: LoadProgress) => void) {}

  stage(stage: LoadStage): void {
    this.report({ stage, fraction: STAGE_START[stage] });
  }

  download(network: Network, fraction: number): void {
    this.downloaded[network] = fraction;
    const done = this.downloaded.predictor * DOWNLOAD_SHARES.predictor + this.downloaded.transformer * DOWNLOAD_SHARES.transformer;
    this.report({ stage: 'download', fraction: STAGE_START.download + done * (STAGE_START['warm-up'] - STAGE_START.download) });
  }
}
