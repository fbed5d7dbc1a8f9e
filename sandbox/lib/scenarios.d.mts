export type ScenarioName =
  | 'healthy'
  | 'api-exited'
  | 'redis-down'
  | 'db-down'
  | 'jwt-missing'
  | 'disk-full'
  | 'restart-fixes-it';

export interface ScenarioInfo {
  name: ScenarioName;
  description: string;
}

export const SCENARIOS: readonly ScenarioInfo[];
export const SCENARIO_NAMES: readonly ScenarioName[];
export function isScenarioName(value: string): value is ScenarioName;
