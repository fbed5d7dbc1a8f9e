/** Outbox kind of an approval card update (sent by `deliverApprovalCard`). */
export const APPROVAL_CARD = 'approval_card';
