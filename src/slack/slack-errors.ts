/** True when a Web API call failed with Slack error `code` (e.g. `not_in_channel`). */
export function isSlackError(error: unknown, code: string): boolean {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' && data.error === code;
}
