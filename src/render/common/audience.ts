/** Who a message names: chat user ids and user group ids, as the binding lists them. */
export interface Audience {
  users: readonly string[];
  usergroups: readonly string[];
}
