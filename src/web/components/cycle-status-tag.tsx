// A cycle's status as a tag, the same wherever cycles are listed: on the QA lead's screens and on
// auditors' and panels' devices, so a closed cycle reads as closed everywhere.
import type { CycleStatus } from '#shared/schemas/cycle.ts';
import { Tag } from './tag.tsx';

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  return status === 'closed' ? <Tag colour="grey">Closed</Tag> : <Tag colour="green">Open</Tag>;
}
