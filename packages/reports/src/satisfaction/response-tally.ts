import type { SurveyScore } from '@dealercare/core';
import { RunningMean, ratio } from '../statistics/running-mean';

/** Index, compliance and recommendation of a set of responses, in constant memory. */
export class ResponseTally {
  /** Response indices. */
  readonly index = new RunningMean();
  private readonly compliance = new RunningMean();
  private responses = 0;
  private recommendYes = 0;
  private recommendAnswered = 0;
  private withLowItems = 0;

  /** Adds one response's stored score. */
  add(score: SurveyScore): void {
    this.responses++;
    this.index.add(score.index);
    this.compliance.add(score.processCompliance);
    if (score.recommends !== null) {
      this.recommendAnswered++;
      if (score.recommends) this.recommendYes++;
    }
    if (score.lowItems.length > 0) this.withLowItems++;
  }

  /** The figures so far. */
  figures() {
    return {
      responses: this.responses,
      index: this.index.mean,
      indexStandardDeviation: this.index.standardDeviation,
      processCompliance: this.compliance.mean,
      recommendationRate: ratio(this.recommendYes, this.recommendAnswered),
      responsesWithLowItems: this.withLowItems,
    };
  }
}
