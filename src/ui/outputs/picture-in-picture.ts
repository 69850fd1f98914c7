/**
 * Picture-in-picture of the stylized canvas: a canvas cannot float by itself, so its captured
 * stream plays in a <video> that the browser floats. Sharing that window in a call shares the
 * stylized video.
 */
export class CanvasPictureInPicture {
  private readonly video = document.createElement('video');
  private stream: MediaStream | null = null;

  constructor(private readonly onChange: () => void) {
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.addEventListener('leavepictureinpicture', () => this.release());
  }

  static get supported(): boolean {
    return document.pictureInPictureEnabled === true;
  }

  get active(): boolean {
    return this.stream !== null && document.pictureInPictureElement === this.video;
  }

  async open(canvas: HTMLCanvasElement, frameRate: number): Promise<void> {
    this.release();
    this.stream = canvas.captureStream(frameRate);
    this.video.srcObject = this.stream;
    try {
      await this.video.play();
      await this.video.requestPictureInPicture();
    } catch (error) {
      this.release();
      throw error;
    }
    this.onChange();
  }

  async close(): Promise<void> {
    if (document.pictureInPictureElement === this.video) await document.exitPictureInPicture();
    this.release();
  }

  private release(): void {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.onChange();
  }
}
