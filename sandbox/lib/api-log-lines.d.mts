export function apiHistory(scenario: string, now: number): string[];
