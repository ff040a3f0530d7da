// What the engine's callers see of a dossier, and who acts on it.
import type { ClockState, Outcome } from '../clock/processing-clock.ts';
import type { PrefilledField } from '../rules/form.ts';
import type { Bilingual } from '../rules/text.ts';
import type { Channel, FormValues } from '../rules/evaluate.ts';

/** Who performs an action: the citizen (id = personal id), an officer of an agency, or the system. */
export interface Actor {
  readonly id: string;
  readonly role: string;
  /** The officer's agency; absent for citizens and the system. */
  readonly agency?: string;
}

export const SYSTEM: Actor = { id: 'system', role: 'system' };

/**
 * Whether the caller may see a dossier, from its parties (the citizen who owns it, the agency
 * that holds it). Given to an action, a dossier it refuses is answered as one that does not
 * exist, before anything else is checked or said about it.
 */
export type Visibility = (parties: { readonly citizenId: string; readonly agency: string }) => boolean;

export interface AvailableAction {
  readonly id: string;
  readonly label: string;
  /** The English label, when the procedure gives one (`labelIn` from @motcua/dsl picks). */
  readonly labelEn?: string;
  readonly target: string;
  /** What the actor must give: reason, note, missing, new_date. */
  readonly inputs: readonly string[];
}

export interface DossierView {
  readonly id: string;
  /** Circular 01/2018 Art 19 code, once the receipt is issued. */
  readonly code: string | null;
  readonly procedureId: string;
  readonly version: number;
  readonly title: string;
  /** The English title, when the procedure gives one. */
  readonly titleEn?: string;
  readonly agency: string;
  readonly citizenId: string;
  readonly channel: Channel;
  readonly state: { readonly id: string; readonly label: string; readonly labelEn?: string; readonly role?: string; readonly final: boolean; readonly pausesClock: boolean };
  readonly revision: number;
  readonly form: FormValues;
  readonly prefilled: readonly PrefilledField[];
  readonly clock: ClockState;
  /** The current due time of the processing clock (while it runs or is paused). */
  readonly dueAt: number | null;
  /** When the current state's SLA runs out. */
  readonly stateDueAt: number | null;
  readonly outcome: Outcome | null;
  readonly feeTotal: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly submittedAt: number | null;
  readonly receivedAt: number | null;
  readonly resultAt: number | null;
  /** Transitions of the current state (what the state's role may do next). */
  readonly actions: readonly AvailableAction[];
}

export interface DueExplanation {
  readonly dueAt: number | null;
  readonly status: ClockState['status'];
  readonly text: Bilingual;
}
