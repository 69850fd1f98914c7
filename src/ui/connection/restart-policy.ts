/**
 * How often the UI may restart a worker that died on its own: a crash now and then is recovered
 * from silently, but a worker that keeps dying (a bad GPU driver, a corrupt model) would loop
 * forever, so past `limit` restarts within `windowMs` the person is asked instead.
 */
export class RestartPolicy {
  private readonly times: number[] = [];

  constructor(
    private readonly limit = 3,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a restart at `now` if one is allowed; false once the budget is spent. */
  tryRestart(now: number): boolean {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** After the person asks for a retry, the budget starts afresh. */
  reset(): void {
    this.times.length = 0;
  }
}
