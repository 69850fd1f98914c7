import { describe, expect, it } from 'vitest';
import { renderAfterSuggestion } from '../../../../src/ui/outputs/output-panel';

describe('renderAfterSuggestion', () => {
  it('suggests recording the source where live stylization falls well below its frame rate, saying why', () => {
    expect(renderAfterSuggestion(15.4, 30)).toBe(
      "Live stylization makes 15 fps here, below the source's 30: Every frame (render after) records the source at its full rate and stylizes every frame when you stop.",
    );
  });

  it('stays quiet where the live video keeps up, or where a rate is unknown', () => {
    expect(renderAfterSuggestion(28, 30)).toBeNull();
    expect(renderAfterSuggestion(24, 30)).toBeNull();
    expect(renderAfterSuggestion(null, 30)).toBeNull();
    expect(renderAfterSuggestion(10, null)).toBeNull();
  });
});
