/**
 * A line on the incident card or a short thread message about something outside the runbook: the
 * alert that opened the incident, alerts resolved, a pager that was (or was not) reached. Plain
 * text: the chat adapter escapes it and writes the link its own way.
 */
export interface CardNotice {
  icon:
    | 'alert'
    | 'alert_resolved'
    | 'alerts'
    | 'page_accepted'
    | 'page_refused'
    | 'page_pending'
    | 'refused'
    /** The hosts of the last fleet run: the text carries one mark per host. */
    | 'hosts';
  text: string;
  /** Only http(s) links are shown. */
  link?: { url: string; label: string } | null;
}

/** True for an http(s) URL a chat may link to. */
export function isWebLink(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
