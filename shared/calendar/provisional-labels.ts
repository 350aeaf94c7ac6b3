// What every page shows beside an end computed on the provisional calendar (kept apart from the API schemas so the
// mini-program's main package takes these two strings without zod schemas it does not need).
export const provisionalEndLabel = '暂按法定节假日推算';
export const provisionalEndNote = '该年度国务院节假日安排公布前暂按法定节假日推算，公布后截止时间可能顺延，不会提前';
