import type { RiskRule } from '../rule-types.ts';
import { ANY_OPTION_RULES } from './any-option-reads.ts';
import { BUILTIN_RULES } from './builtins.ts';
import { DB_CLIENT_RULES } from './db-clients.ts';
import { DOCKER_RULES } from './docker.ts';
import { GIT_RULES } from './git.ts';
import { HTTP_RULES } from './http-clients.ts';
import { KUBECTL_RULES } from './kubectl.ts';
import { READER_RULES } from './readers.ts';
import { REDIS_RULES } from './redis.ts';
import { RUNNER_RULES, WRITER_RULES } from './runners.ts';
import { SERVICE_RULES } from './services.ts';
import { SHELL_RULES } from './shells.ts';
import { SYSTEM_TOOL_RULES } from './system-tools.ts';
import { TEXT_TOOL_RULES } from './text-tools.ts';
import { TOOL_FAMILY_RULES } from './tool-families.ts';
import { WRAPPER_RULES } from './wrappers.ts';

/** Program name -> rule. Anything missing here is `change`, unrecognised (default-deny). */
export const RISK_RULES: Record<string, RiskRule> = {
  ...WRITER_RULES,
  ...ANY_OPTION_RULES,
  ...READER_RULES,
  ...TEXT_TOOL_RULES,
  ...SYSTEM_TOOL_RULES,
  ...HTTP_RULES,
  ...SERVICE_RULES,
  ...KUBECTL_RULES,
  ...DOCKER_RULES,
  ...REDIS_RULES,
  ...DB_CLIENT_RULES,
  ...WRAPPER_RULES,
  ...SHELL_RULES,
  ...BUILTIN_RULES,
  ...GIT_RULES,
  ...RUNNER_RULES,
  ...TOOL_FAMILY_RULES,
};
