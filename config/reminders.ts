/**
 * When the clock job reminds someone of work that waits for them, in official working days since the work
 * arrived. Each threshold reminds once.
 */
export const reminderThresholdsInWorkingDays = [3, 5, 10] as const;
