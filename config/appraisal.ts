/**
 * Secret-ballot settings (DESIGN.md invariant 2). Below this many voters a choice can be read off the totals by
 * anyone who knows a few of the voters: no ballot opens with a smaller electorate, and no ballot shows its
 * per-dimension or per-person breakdown to fewer voters than this, whatever its opener asks for.
 */
export const minGroupSizeFloor = 5;
