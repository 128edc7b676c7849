// The policy language: one organisation's supervision policy as data. Every rule carries the seed
// paragraph it came from; numbers the seed does not give are marked `local: true` with a note.
import { z } from 'zod';
import { nations } from '../calendar/nations.js';
import { weekdays } from '../calendar/workingCalendar.js';
import { deadline, duration, id, provenance, requireNoteWhenLocal, source, text, timeOfDay } from './fields.js';
import { entryOf } from './entryOf.js';
import { locales } from '../text/languages.js';
import { fieldWithWelshBeside, modelWithWelshBeside, withWelshBeside } from './welsh.js';

/** The directory roles the oversight report may be sent to by itself (`reporting.sendTo`). */
export const reportRecipientRoles = ['supervisor', 'manager', 'senior-manager', 'auditor'] as const;

/** Supervision kinds the bot knows how to book, remind and record. */
export const supervisionKinds = [
  'personal', // personal / professional supervision (Cumberland 3, Bexley appendix 3)
  'case', // case / child-and-family supervision (Cumberland 4, Islington, Bexley appendix 2)
  'situational', // at the point of need, raised by a trigger or asked for (Cafcass 2.10, Cymru 2.1)
  'psm', // Practitioner Support Meeting (Cymru 2.9)
  'prd', // Practice Review Discussion (Cymru 2.3)
  'plr', // Performance and Learning Review (Cafcass 3.1)
  'group', // group supervision (Cafcass 6, Cumberland 7, Bexley group standards)
  'observation', // practice / direct observation (Cafcass 7, Cumberland 6, Bexley standard three)
  'team-manager', // team manager supervising practice supervisors (Islington)
  'transfer', // transfer supervision before a case moves team (Cumberland 4)
] as const;
export type SupervisionKind = (typeof supervisionKinds)[number];

export const urgencyLevels = ['routine', 'priority', 'urgent', 'immediate'] as const;
export type Urgency = (typeof urgencyLevels)[number];

export const parties = ['supervisor', 'supervisee', 'facilitator', 'presenter', 'most-senior-present', 'outgoing-team-manager'] as const;
/** Who may have to agree to a practitioner speaking to a supervisor other than their own (Cumberland 12). */
export const differentSupervisorParties = ['supervisee', 'supervisor', 'other-supervisor'] as const;
export const directoryRoles = ['practitioner', 'supervisor', 'manager', 'senior-manager', 'auditor', 'admin'] as const;

const kindId = z.enum(supervisionKinds, { error: `must be one of: ${supervisionKinds.join(', ')}` });
const urgency = z.enum(urgencyLevels, { error: `must be one of: ${urgencyLevels.join(', ')}` });
const party = z.enum(parties, { error: `must be one of: ${parties.join(', ')}` });
const directoryRole = z.enum(directoryRoles, { error: `must be one of: ${directoryRoles.join(', ')}` });
const positiveInt = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be 1 or more' });

/**
 * The bot's own choice, where the document is silent and the bot still does something (asks the practitioner
 * to sign, starts a trigger at an urgency): why. `source:` stays the nearest place in the document it leans on;
 * `policy explain` shows "the bot's choice: <reason>".
 */
const choice = text.optional();

/** A rule: its own fields plus where it came from; a local number must say why. */
const ruleWith = <T extends z.ZodRawShape>(shape: T) =>
  z
    .strictObject({ ...shape, ...provenance, choice })
    .superRefine((value, context) => requireNoteWhenLocal(value as { local?: boolean; note?: string }, context));

// ---- cadences -------------------------------------------------------------------------------

/** "At least every 4 weeks": due a fixed interval after the last session held. */
const rollingCadence = z.strictObject({
  type: z.literal('rolling'),
  every: duration({ calendarOnly: true }),
  /** Earliest sensible gap, for "every 2 to 4 weeks". */
  notBefore: duration({ calendarOnly: true }).optional(),
  /** When the first one is due after the start date, if not `every`. */
  first: duration({ calendarOnly: true }).optional(),
});

/** "Every calendar month", "one in each quarter": one session in each calendar period. */
const calendarCadence = z.strictObject({
  type: z.literal('calendar'),
  period: z.enum(['month', 'quarter', 'year'], { error: 'must be one of: month, quarter, year' }),
  /** Month the year (and so its quarters) starts in: 1 for January, 4 for April. */
  yearStartsInMonth: z.number().int().min(1).max(12, { error: 'must be a month number, 1 to 12' }).optional(),
});

/** "Three a year, one every 4 months": the year split into equal windows, one session in each. */
const perYearCadence = z.strictObject({
  type: z.literal('per-year'),
  count: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(6), z.literal(12)], {
    error: 'must be 1, 2, 3, 4, 6 or 12 (a year splits evenly into that many windows)',
  }),
  /** Windows count from the calendar year, or from each anniversary of the person's start date. */
  from: z.enum(['calendar-year', 'start-date'], { error: 'must be calendar-year or start-date' }).optional(),
  /**
   * 'even' (the default): one in each equal window ("one every 4 months"), where the seed spreads them.
   * 'none': the count anywhere in the year ("four a year"), with a warning when the year is running out.
   */
  spread: z.enum(['even', 'none'], { error: 'must be even or none' }).optional(),
});

/** No due dates: held when needed ("as required"). */
const asRequiredCadence = z.strictObject({ type: z.literal('as-required') });

const simpleCadence = z.discriminatedUnion('type', [rollingCadence, calendarCadence, perYearCadence, asRequiredCadence], {
  error: 'must have a type: rolling, calendar, per-year, phased or as-required',
});

/** "Weekly for 6 weeks, fortnightly until 6 months, then monthly": phases by tenure. */
const phasedCadence = z.strictObject({
  type: z.literal('phased'),
  phases: z
    .array(
      z.strictObject({
        /** How long after the start date this phase lasts; 'agreed' lasts until the people agree to move on. */
        until: z.union([z.literal('agreed'), duration({ calendarOnly: true })]).optional(),
        cadence: simpleCadence,
      }),
    )
    .min(2, { error: 'must list at least two phases' })
    .superRefine((phases, context) => {
      phases.forEach((phase, index) => {
        const last = index === phases.length - 1;
        if (!last && phase.until === undefined) {
          context.addIssue({
            code: 'custom',
            path: [index, 'until'],
            message: "is missing: every phase but the last says how long it lasts ('6 weeks', '6 months' or 'agreed')",
          });
        }
        if (last && phase.until !== undefined) {
          context.addIssue({ code: 'custom', path: [index, 'until'], message: 'must be left out: the last phase lasts from then on' });
        }
      });
    }),
});

export const cadence = z.discriminatedUnion('type', [rollingCadence, calendarCadence, perYearCadence, asRequiredCadence, phasedCadence], {
  error: 'must be a cadence with a type: rolling, calendar, per-year, phased or as-required',
});
export type Cadence = z.output<typeof cadence>;
export type SimpleCadence = z.output<typeof simpleCadence>;

// ---- recording ------------------------------------------------------------------------------

/** Policy text in English, or in English and Welsh (`{ en, cy }`): where a pack gives no Welsh, Welsh readers are shown the English, marked as the policy's own words. */
const inTwoLanguages = (english: z.ZodType<string>) =>
  z.union([english, z.strictObject({ en: english, cy: english.optional() }, { error: 'must be text, or { en, cy }' })], {
    error: 'must be text, or { en: English, cy: Welsh }',
  });

const fieldTypes = ['text', 'long-text', 'scale', 'choice', 'date', 'yes-no', 'list', 'actions', 'previous-actions'] as const;

const recordField = z
  .strictObject({
    id,
    /** The heading of the field; with its Welsh, `{ en, cy }`, for a Welsh reader's form (the case file keeps the English). */
    label: inTwoLanguages(text),
    /** One line under the label: what the field is for. */
    help: inTwoLanguages(text).optional(),
    /** Questions to prompt the conversation (Cafcass appendix 3). */
    prompts: z.array(inTwoLanguages(text)).optional(),
    type: z.enum(fieldTypes, { error: `must be one of: ${fieldTypes.join(', ')}` }),
    required: z.boolean().optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    /** For 'list': at most this many entries (PRD: at most 3 development areas). */
    maxItems: positiveInt.optional(),
    options: z.array(text).min(2).optional(),
    /** For 'choice': several may be chosen (Bexley's case status: a child can be CP and CWD). */
    multiple: z.boolean().optional(),
    /** Pre-filled from the last record of the same case: what it gave for this field of its model (previous safety scale from current-scale). */
    showsPrevious: id.optional(),
    /** Pre-filled with the gaps in supervision caused by leave since the practitioner's last session record (Islington: recorded on the next supervision record). */
    showsLeaveGap: z.boolean().optional(),
    /** Its answer is brought to the next session of this kind, on both preparation cards (Cafcass 7.3: an observation's learning to the next PLR). */
    bringsTo: kindId.optional(),
    /** Required when another field (a choice or yes-no) has this answer (Cumberland: a rationale when the discussion was brief). */
    requiredWhen: z.strictObject({ field: id, is: text }).optional(),
    /**
     * For 'yes-no': answered yes, the same meeting is also recorded as this kind, on its own model (Cafcass Cymru
     * 2.13: a PSM that combined a PRD is recorded separately on the PRD template): once the record is saved, the
     * bot opens that kind's record of the meeting.
     */
    opensRecordOf: kindId.optional(),
    source: source.optional(),
  })
  .superRefine((field, context) => {
    if (field.opensRecordOf && field.type !== 'yes-no')
      context.addIssue({ code: 'custom', path: ['opensRecordOf'], message: "only a 'yes-no' field can open another record" });
    if (field.multiple && field.type !== 'choice')
      context.addIssue({ code: 'custom', path: ['multiple'], message: "only a 'choice' can take several answers" });
    if (field.multiple && field.options?.some((option) => option.includes(',')))
      context.addIssue({ code: 'custom', path: ['options'], message: 'the options of a choice that takes several answers cannot hold a comma' });
    if (field.type === 'scale' && (field.min === undefined || field.max === undefined || field.max <= field.min)) {
      context.addIssue({ code: 'custom', path: ['max'], message: 'a scale needs min and max, with max above min (e.g. 0 and 10)' });
    }
    if (field.type === 'choice' && !field.options) {
      context.addIssue({ code: 'custom', path: ['options'], message: 'is missing: a choice lists at least two options' });
    }
  })
  .transform(fieldWithWelshBeside);

export const recordingModel = ruleWith({
  title: inTwoLanguages(text),
  description: text.optional(),
  /** The heading the case-management system files it under (Islington: 'Management Decision'); default "<system> supervision record". */
  caseFileHeading: text.optional(),
  /**
   * One record per child (Bexley appendix 2, Cumberland 4 "in respect of each child"): a discussion of several
   * children gives each its own record and case-file text, under its own case reference.
   */
  perCase: z.boolean({ error: 'must be true or false' }).optional(),
  fields: z.array(recordField).min(1, { error: 'must list at least one field' }),
})
  .superRefine((model, context) => {
    const last = model.fields[model.fields.length - 1];
    if (last && last.type !== 'actions') {
      context.addIssue({
        code: 'custom',
        path: ['fields', model.fields.length - 1, 'type'],
        message: "every recording model ends in agreed actions: make the last field type 'actions'",
      });
    }
    const seen = new Set<string>();
    model.fields.forEach((field, index) => {
      if (seen.has(field.id)) context.addIssue({ code: 'custom', path: ['fields', index, 'id'], message: `'${field.id}' is used twice in this model` });
      seen.add(field.id);
    });
    model.fields.forEach((field, index) => {
      const previous = field.showsPrevious === undefined ? undefined : model.fields.find((other) => other.id === field.showsPrevious);
      if (field.showsPrevious !== undefined && (previous?.type !== field.type || previous === field)) {
        context.addIssue({
          code: 'custom',
          path: ['fields', index, 'showsPrevious'],
          message: `must name another field of this model of the same type ('${field.type}'), whose value in the last record fills this one`,
        });
      }
      if (!field.requiredWhen) return;
      const { field: whenId, is } = field.requiredWhen;
      const when = model.fields.find((other) => other.id === whenId);
      const answers = when?.type === 'yes-no' ? ['yes', 'no'] : when?.type === 'choice' ? (when.options ?? []) : undefined;
      if (!answers || when === field) {
        context.addIssue({
          code: 'custom',
          path: ['fields', index, 'requiredWhen', 'field'],
          message: `must name another field of this model that is a choice or yes-no`,
        });
      } else if (!answers.includes(is)) {
        context.addIssue({
          code: 'custom',
          path: ['fields', index, 'requiredWhen', 'is'],
          message: `must be one of the answers of '${whenId}': ${answers.join(', ')}`,
        });
      }
    });
  })
  .transform(modelWithWelshBeside);
export type RecordingModel = z.output<typeof recordingModel>;
export type RecordField = RecordingModel['fields'][number];

const recordRule = ruleWith({
  /** The recording model the record card follows. */
  model: id,
  deadline,
  /** A separate, shorter deadline when a significant decision was made. */
  significantDeadline: deadline.optional(),
  recordedBy: party,
  /** Where the record lives: case discussion on the child's record, personal matters never. */
  storedOn: z.enum(['child-record', 'personal-record', 'both'], { error: 'must be child-record, personal-record or both' }),
  /**
   * A held session of this kind is also recorded once on the supervisee's personal record, with this model, after
   * its case records (Bexley individual standard four: "recorded in two places"); `crossReference` is the field of
   * that model that names the case records, by case reference only.
   */
  personalRecord: ruleWith({ model: id, crossReference: id.optional() }).optional(),
});

/**
 * Who settles a dispute about a record (a record signed with a disagreement), and whether the two try to
 * resolve it first (Cymru 2.8; Bexley appendix 1).
 */
const disputeRule = ruleWith({
  /** The directory role of the one who settles it: the first person with it from the record's author up. */
  role: directoryRole,
  /** What people call them, as the policy does, as it reads mid-sentence: "service manager", "Senior Manager". */
  title: text,
  /**
   * The practitioner and the supervisor try to resolve it between them first: the supervisor is asked to talk it
   * through, and the one above (above the author, never the author) is told only when either of them presses Escalate.
   */
  resolveFirst: z.boolean({ error: 'must be true or false' }).optional(),
});
export type DisputeRule = z.output<typeof disputeRule>;

const signOffRule = ruleWith({
  by: z.array(party).min(1),
  /** The supervisee gets the notes within this long to check and sign. */
  shareWithin: deadline.optional(),
  /** Who settles a dispute about the record; without it, the author's own manager is told. */
  disputesTo: disputeRule.optional(),
});

const kindRule = ruleWith({
  title: text,
  description: text.optional(),
  /**
   * Minimum, maximum and typical length of a session. `binding: true`: a booking outside min..max is refused
   * (the seed requires it); `false`: the seed only recommends it, so the booking is accepted with a warning.
   * `cohorts`: the bounds apply only to people of these cohorts (Cumberland: newly qualified social workers).
   */
  duration: ruleWith({
    min: duration().optional(),
    max: duration().optional(),
    typical: duration().optional(),
    binding: z.boolean({ error: 'must be true (a booking outside the bounds is refused) or false (it is warned about)' }).optional(),
    cohorts: z.array(id).min(1).optional(),
  })
    .superRefine((value, context) => {
      if ((value.min || value.max) && value.binding === undefined)
        context.addIssue({
          code: 'custom',
          path: ['binding'],
          message: 'is missing: say whether the seed requires these bounds (true) or only recommends them (false)',
        });
    })
    .optional(),
  record: recordRule.optional(),
  signOff: signOffRule.optional(),
  /**
   * Recorded only from a meeting of that kind (a yes-no field of its record with `opensRecordOf` this kind), never
   * booked on its own: Cafcass Cymru 2.13, the case discussions of a Practitioner Support Meeting recorded for IRIS.
   */
  recordedWithin: kindId.optional(),
  /**
   * Reasons that justify cancelling, when the seed limits them (Cymru 2.7, 2.14). `onlyFor` binds every change
   * of date, a move as much as a cancellation: deferring a session is cancelling that date.
   */
  cancellation: ruleWith({
    onlyFor: z.array(text).optional(),
    rebook: z.enum(['at-once', 'earliest-opportunity', 'priority-on-return'], { error: 'must be at-once, earliest-opportunity or priority-on-return' }),
  }).optional(),
  /**
   * Due soon after an event the supervisor or supervisee records in chat, as well as on the cohort's cadence
   * (Cafcass Cymru 2.4: a PRD "ideally within 10 days" of the Practice Review). `event` names it.
   */
  dueAfter: ruleWith({ event: text, within: duration({ calendarOnly: true }) }).optional(),
  /**
   * A date field of this kind's record that books a further meeting (Cafcass Cymru 2.6: the actions are
   * evaluated at a meeting agreed in advance): shown in "upcoming" for both and reminded on the day.
   */
  followUp: ruleWith({ field: id }).optional(),
});
export type KindRule = z.output<typeof kindRule>;

// ---- cohorts and cases ----------------------------------------------------------------------

const cohortSupervision = ruleWith({
  kind: kindId,
  cadence,
  /** Held supervision of these kinds also meets this one's due dates (Cafcass: situational case supervision held in the month counts). */
  alsoMetBy: z.array(kindId).optional(),
});

const cohort = ruleWith({
  title: text,
  description: text.optional(),
  /** Phases count from the person's start date, so the directory must hold one. */
  needsStartDate: z.boolean().optional(),
  holdsCases: z.boolean().optional(),
  supervision: z.array(cohortSupervision).min(1, { error: 'must list at least one kind of supervision' }),
}).superRefine((value, context) => {
  const phased = value.supervision.some(
    (entry) => entry.cadence.type === 'phased' || (entry.cadence.type === 'per-year' && entry.cadence.from === 'start-date'),
  );
  if (phased && !value.needsStartDate) {
    context.addIssue({ code: 'custom', path: ['needsStartDate'], message: 'must be true: this cohort has a cadence that counts from the start date' });
  }
});
export type Cohort = z.output<typeof cohort>;

/** How often each case (by service area or status) must be reviewed in supervision. */
const caseCategory = ruleWith({
  title: text,
  cadence,
  /**
   * The condition the interval holds only under, shown beside each case's due date in chat, e.g. Bexley's
   * Leaving Care "every 8 weeks", only if the head of service agreed it.
   */
  onlyIf: text.optional(),
});

// ---- triggers and escalation ----------------------------------------------------------------

const trigger = ruleWith({
  /** The seed's own label, e.g. "a)" in Cafcass 4.3. */
  code: text.optional(),
  title: inTwoLanguages(text.max(60, { error: 'must be 60 characters or fewer: it is shown on a button' })),
  wording: inTwoLanguages(text),
  mandatory: z.boolean({ error: 'must be true or false' }),
  urgency,
  /** The practitioner may raise the urgency but not lower it below this. */
  minimumUrgency: urgency.optional(),
  /** Overrides the response time of the urgency level. */
  respondWithin: duration().optional(),
  /** A significant decision: the record takes the significant-decision deadline. */
  significant: z.boolean().optional(),
  /** Overrides the recording deadline that the situational kind implies. */
  recordWithin: deadline.optional(),
  /** 'safeguarding-lead' skips the chain (Cymru 4.1: dangerous practice to Head of Operations at once). */
  routeTo: z.enum(['supervisor', 'safeguarding-lead'], { error: 'must be supervisor or safeguarding-lead' }).optional(),
  /** Whom the concern is about (Cymru 4.4: the line manager): the request never goes to them, nor escalates to them. */
  about: z.enum(['line-manager'], { error: 'must be line-manager' }).optional(),
  /** The kind of supervision the trigger books and is recorded as; default situational. */
  recordAs: kindId.optional(),
  /**
   * Where its record goes, when not where its kind's record goes: 'personal-record' for what is not about a
   * child (Cymru 2.2: non-case discussions on the practitioner's supervision file). A request kept on the
   * personal record asks for no case reference and gives no case-file text.
   */
  storedOn: z.enum(['child-record', 'personal-record'], { error: 'must be child-record or personal-record' }).optional(),
  /**
   * Once the supervisor has answered, the practitioner may take it further if no progress is made: to this step
   * of the escalation chain (1 is its first), as a new request (Cumberland 4: first the supervisor, then the
   * Service Manager).
   */
  noProgressTo: positiveInt.optional(),
  /**
   * Who raises it: the practitioner (the default), or someone who supervises (Cafcass 2.10: case supervision
   * requested by the supervisor; Bexley standard three: capability problems reported to the next line manager;
   * Cumberland 12: a gap in service advised to the Senior Manager). Only those who supervise see it.
   */
  raisedBy: z.enum(['practitioner', 'supervisor'], { error: 'must be practitioner or supervisor' }).optional(),
  /**
   * A supervisor's trigger about one of their supervisees: 'supervisee', the supervisor starts supervision with
   * them; 'line-manager', it goes to the supervisor's own line manager, kept on the supervisee's file. Without it,
   * a supervisor's trigger is about the supervisor's own work and goes as any request does (routeTo).
   */
  sendTo: z.enum(['supervisee', 'line-manager'], { error: 'must be supervisee or line-manager' }).optional(),
  /**
   * What the supervision arises from, chosen on the supervisor's form (Cafcass 1.5, 8 standard 3: the review of
   * management oversight it comes from); the supervisee is told it, and it is kept with the request.
   */
  occasion: ruleWith({ label: text, options: z.array(text).min(2, { error: 'must list at least two options' }) }).optional(),
})
  .superRefine((value, context) => {
    if (value.occasion && !value.sendTo) {
      context.addIssue({ code: 'custom', path: ['occasion'], message: 'is only for a trigger with raisedBy: supervisor and sendTo' });
    }
    if (value.sendTo && value.raisedBy !== 'supervisor') {
      context.addIssue({ code: 'custom', path: ['sendTo'], message: 'is only for a trigger with raisedBy: supervisor' });
    }
    if (value.minimumUrgency && urgencyLevels.indexOf(value.minimumUrgency) > urgencyLevels.indexOf(value.urgency)) {
      context.addIssue({ code: 'custom', path: ['minimumUrgency'], message: 'must not be above the default urgency' });
    }
  })
  .transform(withWelshBeside);
export type Trigger = z.output<typeof trigger>;

const urgencyRule = ruleWith({
  /** How long the supervisor has to accept before the next person in the chain is asked. */
  respondWithin: duration(),
});

const escalationStep = z.discriminatedUnion(
  'to',
  [
    z.strictObject({ to: z.literal('cover-supervisor'), title: text }),
    /** The supervisor's own line manager (levels: 1), or the one above (levels: 2). */
    z.strictObject({ to: z.literal('line-manager'), levels: positiveInt, title: text }),
    /** Anyone in the organisation holding a directory role. */
    z.strictObject({ to: z.literal('role'), role: directoryRole, title: text }),
  ],
  { error: 'must say to: cover-supervisor, line-manager (with levels) or role (with role)' },
);

const escalation = ruleWith({
  chain: z.array(escalationStep).min(1, { error: 'must list at least one step' }),
  /** Told when the top of the chain does not answer, and first for safeguarding-lead triggers. */
  safeguardingLead: z.strictObject({ role: directoryRole, title: text }),
});

// ---- group supervision and the rest ---------------------------------------------------------

const group = ruleWith({
  cadence,
  facilitators: ruleWith({ min: positiveInt, rotate: z.boolean().optional() }),
  advisor: ruleWith({ required: z.boolean(), rotate: z.boolean().optional() }).optional(),
  presenterChosenBeforehand: ruleWith({ required: z.boolean() }).optional(),
  attendance: ruleWith({ atLeast: positiveInt, per: z.enum(['month', 'quarter', 'year'], { error: 'must be month, quarter or year' }) }).optional(),
  size: ruleWith({ min: positiveInt.optional(), max: positiveInt.optional() }).optional(),
  replacesOneToOne: ruleWith({ value: z.boolean() }).optional(),
  /** Where and how the group meets (Bexley group standard one: a meeting room): on the channel's post of each session. */
  setting: ruleWith({ text }).optional(),
  /** What is recorded about a child is done as a one-to-one follow-up (Cafcass 6.2): each practitioner who attended is told so, once the attendance is taken. */
  caseFollowUp: ruleWith({ text }).optional(),
  /** How the session is run (Bexley group standard three, appendix 8): on the facilitator's and the advisor's notes before each session. */
  process: ruleWith({ text }).optional(),
});

/** A heading of the agreement's template, with the terms the document sets under it, if any. */
const agreementHeading = ruleWith({ title: text, terms: text.optional() });

const agreement = ruleWith({
  signedBy: z.array(party).min(1),
  atOutset: z.boolean(),
  review: duration({ calendarOnly: true }),
  /** The template's headings, in order: what the card offered at the first session holds (issue 19). */
  headings: z.array(agreementHeading).min(1, { error: 'must list at least one heading' }),
  /**
   * Kinds whose frequency the two set in the agreement, no less often than the cohort's cadence (Cafcass Cymru
   * 2.11: "Frequency of PSMs ... set out in the supervision agreement").
   */
  setsFrequency: ruleWith({ kinds: z.array(kindId).min(1) }).optional(),
  /**
   * Only supervisees of these cohorts have an agreement (Cafcass appendix 2 standard 5 (2): students on placement,
   * supervised "as agreed with students and programme providers"); without it, everyone supervised.
   */
  cohorts: z.array(id).min(1).optional(),
  /**
   * The two may add terms of their own to the template's minimum terms, which the bot never lets them change
   * (Bexley individual standard one: changed only with senior management's agreement): `text` says so on the form.
   */
  additions: ruleWith({ text }).optional(),
});
export type Agreement = z.output<typeof agreement>;

/** When the bot reminds people of scheduled supervision and of actions (issue 8). */
const reminders = ruleWith({
  /** The practitioner's preparation card comes this many working days before a session. */
  prepareWorkingDaysBefore: positiveInt,
  /** What to bring to supervision: the seed's preparation standard, in its words. */
  bring: z.array(text).min(1, { error: 'must list at least one thing to bring' }),
  /** An open action is reminded to its owner this many working days before it is due. */
  actionsWorkingDaysBefore: positiveInt,
  /** The supervisor's own preparation, where the seed asks for it: a card to the supervisor on the same day as the practitioner's. */
  supervisor: ruleWith({ bring: z.array(text).min(1, { error: 'must list at least one thing to prepare' }) }).optional(),
  /** Where and how a session is held (a private room, punctually): on both preparation cards and the day's reminder. */
  setting: ruleWith({ text }).optional(),
  /**
   * Changes of date worth discussing (Bexley individual standard one: frequent lateness, cancellations or
   * interruptions): late starts, moves and cancellations of the two's sessions over `lookBack`, counted on both
   * preparation cards with the pack's words.
   */
  changes: ruleWith({ lookBack: duration({ calendarOnly: true }), text }).optional(),
});
export type Reminders = z.output<typeof reminders>;

const workingHours = ruleWith({
  start: timeOfDay,
  end: timeOfDay,
  days: z.array(z.enum(weekdays, { error: `must be among: ${weekdays.join(', ')}` })).min(1),
});

function isRegExp(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

const caseReference = ruleWith({
  /** The case-management system the reference comes from. */
  system: text,
  /** A regular expression a reference must match in full. */
  pattern: text.refine(isRegExp, { error: 'must be a valid regular expression' }),
  example: text,
});

/**
 * The policy document the pack was written from, as a person knows it: citations read
 * "Cafcass supervision policy, section 4.3 d)", never the seed's file name.
 */
const policyDocument = z.strictObject(
  {
    /** The document's own title, as it is printed. */
    title: text,
    /** Who issues and owns the document. */
    owner: text,
    /** The version and date the document gives; left out where it gives none. */
    version: text.optional(),
    date: text.optional(),
    /** The short name every citation starts with, e.g. "Cafcass supervision policy". */
    citeAs: text,
  },
  { error: 'must describe the policy document: its title, owner and citeAs (the short name citations start with), and its version and date if it gives them' },
);
export type PolicyDocument = z.output<typeof policyDocument>;

/**
 * The languages the bot speaks to the organisation's people (issue 21; docs/policy-language.md). Not a rule of the
 * seed: the organisation's own choice. `default`: for someone who has not chosen; `offerChoice`: settings offer
 * Cymraeg or English, and until someone chooses they are written to in both, the default first; `records`: the
 * language of the text for the case file, English until the record's words are in the catalogue.
 */
const language = z.strictObject(
  {
    default: z.enum(locales, { error: `must be one of: ${locales.join(', ')}` }),
    offerChoice: z.boolean({ error: 'must be true or false' }),
    records: z.literal('en-GB', { error: "must be 'en-GB': the case-file text is written in English for now" }),
    /** Why, where it is the bot's choice rather than the organisation's stated rule; `policy explain` shows it. */
    choice: text.optional(),
  },
  { error: 'must give default (en-GB or cy), offerChoice (true or false) and records (en-GB)' },
);
export type LanguagePolicy = z.output<typeof language>;

/** English alone, no choice: an organisation whose pack says nothing of language. */
export const ENGLISH_ONLY: LanguagePolicy = { default: 'en-GB', offerChoice: false, records: 'en-GB' };

export const policyPack = z
  .strictObject({
    id,
    organisation: text,
    /** The seed file this pack was written from: one, the document `document:` names, so no citation names the wrong one. */
    seeds: z
      .array(z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, { error: "must be a seed file name, e.g. '000_ea9f6511b9b2d3d5.txt'" }))
      .min(1)
      .max(1, { error: 'must name one seed file: the policy document that `document:` describes' }),
    document: policyDocument,
    nation: z.enum(nations, { error: `must be one of: ${nations.join(', ')}` }),
    timezone: z.literal('Europe/London', { error: "must be 'Europe/London'" }).optional(),
    language: language.optional(),
    workingHours,
    reminders,
    caseReference,
    urgencies: z.strictObject(Object.fromEntries(urgencyLevels.map((level) => [level, urgencyRule])) as Record<Urgency, typeof urgencyRule>),
    escalation,
    kinds: z.partialRecord(kindId, kindRule),
    recordingModels: z.record(id, recordingModel),
    cohorts: z.record(id, cohort).refine((value) => Object.keys(value).length > 0, { error: 'must define at least one cohort' }),
    caseCategories: z.record(id, caseCategory).optional(),
    /**
     * A case is discussed in supervision when it is allocated (Cumberland 4): its first discussion is due on the
     * allocation date, not one interval later, and is recorded with the record field `planField` (the allocation plan).
     */
    caseAllocation: ruleWith({ planField: id }).optional(),
    /**
     * A case's supervision may be raised above its category's frequency by the worker's supervisor (or someone above
     * them in the line), at their discretion or at the supervisee's request (Cumberland 4).
     */
    caseFrequencyRaised: ruleWith({ reasons: z.array(z.enum(['supervisor', 'supervisee'], { error: 'must be supervisor or supervisee' })).min(1) }).optional(),
    triggers: z.record(id, trigger).refine((value) => Object.keys(value).length > 0, { error: 'must list at least one trigger' }),
    group: group.optional(),
    agreement: agreement.optional(),
    reporting: ruleWith({
      /**
       * The report is of a calendar month and goes by itself on the first working day after each (issue 20): a
       * quarter, a year or a rolling interval would be a period nothing counts or sends, so only a month is allowed.
       */
      cadence: z.strictObject({
        type: z.literal('calendar', { error: 'must be calendar: the report is of a calendar month' }),
        period: z.literal('month', { error: 'must be month: the report is of a calendar month, sent on the first working day after it' }),
      }),
      covers: z.array(kindId).min(1),
      /**
       * Records viewed (Bexley quality assuring supervision c, "viewed at a minimum, bi-monthly"): the report says, for
       * each person supervised, whether someone above them in the supervision line opened a record of theirs in the
       * `withinMonths` calendar months up to the report month's end (that month included).
       */
      recordsViewed: ruleWith({ withinMonths: positiveInt }).optional(),
      /**
       * Who the report goes to by itself on the first working day after each period (issue 20): people in these
       * directory roles with a team in their line (auditors: every team). Without it, nobody is sent it.
       */
      sendTo: ruleWith({
        roles: z
          .array(z.enum(reportRecipientRoles, { error: `must be among: ${reportRecipientRoles.join(', ')}` }))
          .min(1, { error: 'must name at least one role' }),
      }).optional(),
    }).optional(),
    /**
     * Additional professional supervision by a registered social worker for a practitioner whose line manager is not a
     * social worker (Cafcass appendix 2 quality 8). The directory says who is registered and who gives it; `text` is
     * shown in upcoming and team, and the supervisor's manager is told when the supervisor is not registered and none is named.
     */
    professionalSupervision: ruleWith({ text }).optional(),
    /** A supervisee whose supervision is overdue is told, and may raise it with their supervisor or the next manager (Bexley QA a). */
    superviseeRaisesOverdue: ruleWith({}).optional(),
    /**
     * A calendar period (month, quarter, a calendar year's 4-month window) a person joined part-way through: owed in
     * full ('owed', also without this rule) or only if at least half of it remained ('if-half-remains'). No seed says;
     * a pack that takes the half rule marks it `choice:` with its reason.
     */
    lateStart: ruleWith({
      periodJoinedPartWay: z.enum(['owed', 'if-half-remains'], { error: 'must be owed or if-half-remains' }),
    }).optional(),
    leave: ruleWith({
      recordGap: z.boolean(),
      rebook: z.enum(['priority-on-return', 'earliest-opportunity'], { error: 'must be priority-on-return or earliest-opportunity' }),
      /** Supervision that fell due during leave is due this many working days after the return. */
      dueWithinWorkingDaysOfReturn: positiveInt,
      /**
       * When a practitioner records an absence, their supervisor is asked to consider re-allocating their cases
       * (Islington: particularly high-risk cases and long absences), with the cases the bot knows they hold.
       */
      reallocation: ruleWith({ text }).optional(),
    }).optional(),
    /**
     * Cumberland 10: a personal supervision record is read at once by the supervisee and the supervisor of it; anyone
     * else in the line asks the supervisee's consent, or reads it on a need-to-know basis with their reason (a concern of
     * a breach of standards), the supervisee told. Auditors read for audit and inspection, as the seed allows.
     */
    personalRecords: z.strictObject({ shareWithConsent: ruleWith({}) }).optional(),
    differentSupervisor: ruleWith({
      /** Who must agree before requests go to the other supervisor; the practitioner's own supervisor is told in any case. */
      agreedBy: z
        .array(z.enum(differentSupervisorParties, { error: `must be among: ${differentSupervisorParties.join(', ')}` }))
        .min(1, { error: 'must name at least one party' }),
      /** The arrangement has an end date, after which requests go to the own supervisor again. */
      timeLimited: z.boolean(),
      /** The arrangement is written to the audit log as it is asked for, agreed or declined, and ends. */
      recorded: z.boolean(),
      /** Support outside supervision the seed points to (Cumberland 12: a mentor, a staff network), on the ask form and the parties' cards. */
      supportOutside: ruleWith({ text }).optional(),
    }).optional(),
  })
  .superRefine((pack, context) => {
    // Cross-references: every named kind and model must exist in this pack.
    for (const [kindName, kind] of Object.entries(pack.kinds)) {
      if (kind?.record && !entryOf(pack.recordingModels, kind.record.model)) {
        context.addIssue({
          code: 'custom',
          path: ['kinds', kindName, 'record', 'model'],
          message: `'${kind.record.model}' is not a recording model in this pack; defined: ${Object.keys(pack.recordingModels).join(', ')}`,
        });
      }
    }
    for (const [kindName, kind] of Object.entries(pack.kinds)) checkRecordPlaces(pack, kindName, kind, context);
    // A follow-up meeting's date comes from a date field of the kind's own record (Cafcass Cymru 2.6).
    for (const [kindName, kind] of Object.entries(pack.kinds)) {
      if (!kind?.followUp) continue;
      const model = kind.record ? entryOf(pack.recordingModels, kind.record.model) : undefined;
      if (model?.fields.find((field) => field.id === kind.followUp!.field)?.type !== 'date')
        context.addIssue({
          code: 'custom',
          path: ['kinds', kindName, 'followUp', 'field'],
          message: `'${kind.followUp.field}' is not a date field of this kind's recording model${
            model
              ? `; its date fields: ${
                  model.fields
                    .filter((field) => field.type === 'date')
                    .map((field) => field.id)
                    .join(', ') || '(none)'
                }`
              : ' (the kind has no record)'
          }`,
        });
    }
    // The allocation plan goes in a field of the record of a case discussion: that field must exist.
    if (pack.caseAllocation && !Object.values(pack.recordingModels).some((model) => model.fields.some((field) => field.id === pack.caseAllocation!.planField)))
      context.addIssue({
        code: 'custom',
        path: ['caseAllocation', 'planField'],
        message: `'${pack.caseAllocation.planField}' is not a field of any recording model in this pack`,
      });
    for (const [kindName, kind] of Object.entries(pack.kinds))
      (kind?.duration?.cohorts ?? []).forEach((cohortId, index) => {
        if (!entryOf(pack.cohorts, cohortId))
          context.addIssue({
            code: 'custom',
            path: ['kinds', kindName, 'duration', 'cohorts', index],
            message: `'${cohortId}' is not a cohort in this pack; defined: ${Object.keys(pack.cohorts).join(', ')}`,
          });
      });
    for (const [cohortId, value] of Object.entries(pack.cohorts)) {
      value.supervision.forEach((entry, index) => {
        if (!entryOf(pack.kinds, entry.kind)) {
          context.addIssue({
            code: 'custom',
            path: ['cohorts', cohortId, 'supervision', index, 'kind'],
            message: `'${entry.kind}' is not described under kinds in this pack; described: ${Object.keys(pack.kinds).join(', ')}`,
          });
        }
        (entry.alsoMetBy ?? []).forEach((kind, at) => {
          if (!entryOf(pack.kinds, kind)) {
            context.addIssue({
              code: 'custom',
              path: ['cohorts', cohortId, 'supervision', index, 'alsoMetBy', at],
              message: `'${kind}' is not described under kinds in this pack; described: ${Object.keys(pack.kinds).join(', ')}`,
            });
          }
        });
      });
    }
    (pack.agreement?.cohorts ?? []).forEach((cohortId, index) => {
      if (!entryOf(pack.cohorts, cohortId))
        context.addIssue({
          code: 'custom',
          path: ['agreement', 'cohorts', index],
          message: `'${cohortId}' is not a cohort of this pack; cohorts: ${Object.keys(pack.cohorts).join(', ')}`,
        });
    });
    for (const [triggerId, value] of Object.entries(pack.triggers)) {
      if (value.recordAs && !entryOf(pack.kinds, value.recordAs)) {
        context.addIssue({
          code: 'custom',
          path: ['triggers', triggerId, 'recordAs'],
          message: `'${value.recordAs}' is not described under kinds in this pack; described: ${Object.keys(pack.kinds).join(', ')}`,
        });
      }
      if (value.noProgressTo !== undefined && value.noProgressTo > pack.escalation.chain.length) {
        context.addIssue({
          code: 'custom',
          path: ['triggers', triggerId, 'noProgressTo'],
          message: `must be a step of the escalation chain, 1 to ${pack.escalation.chain.length}`,
        });
      }
    }
    // The example is shown on every form that asks for a reference: it must be one the pattern accepts.
    if (isRegExp(pack.caseReference.pattern) && !new RegExp(pack.caseReference.pattern).test(pack.caseReference.example)) {
      context.addIssue({
        code: 'custom',
        path: ['caseReference', 'example'],
        message: `'${pack.caseReference.example}' does not match the pattern ${pack.caseReference.pattern}`,
      });
    }
    if (!pack.kinds.situational) {
      context.addIssue({ code: 'custom', path: ['kinds'], message: "must describe 'situational': triggers are recorded as situational supervision" });
    }
    for (const seedRef of collectSources(pack)) {
      if (!pack.seeds.includes(seedRef.file)) {
        context.addIssue({
          code: 'custom',
          path: seedRef.path,
          message: `names '${seedRef.file}', which is not in this pack's seeds (${pack.seeds.join(', ')})`,
        });
      }
    }
  });

export type PolicyPack = z.output<typeof policyPack>;

/**
 * A record that goes on the personal record names no child, so its model is not one per child; the personal record
 * written beside case records is one record, on a model of this pack, and names the cases in one of its text fields.
 */
function checkRecordPlaces(
  pack: { recordingModels: Record<string, RecordingModel> },
  kindName: string,
  kind: KindRule | undefined,
  context: z.RefinementCtx,
): void {
  const record = kind?.record;
  if (!record) return;
  const path = ['kinds', kindName, 'record'];
  if (record.storedOn === 'personal-record' && entryOf(pack.recordingModels, record.model)?.perCase) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'model'],
      message: `'${record.model}' is perCase, one record per child, but this record is kept on the personal record, which names no child`,
    });
  }
  const personal = record.personalRecord;
  if (!personal) return;
  const model = entryOf(pack.recordingModels, personal.model);
  if (!model) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'personalRecord', 'model'],
      message: `'${personal.model}' is not a recording model in this pack; defined: ${Object.keys(pack.recordingModels).join(', ')}`,
    });
    return;
  }
  if (model.perCase) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'personalRecord', 'model'],
      message: `'${personal.model}' is perCase, but the personal record is one record for the session, naming no child`,
    });
  }
  const field = personal.crossReference ? model.fields.find((candidate) => candidate.id === personal.crossReference) : undefined;
  if (personal.crossReference && (!field || (field.type !== 'text' && field.type !== 'long-text'))) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'personalRecord', 'crossReference'],
      message: `must be a text or long-text field of '${personal.model}'; its text fields: ${model.fields
        .filter((candidate) => candidate.type === 'text' || candidate.type === 'long-text')
        .map((candidate) => candidate.id)
        .join(', ')}`,
    });
  }
}

/** Every `source:` in a pack, with its path, for checking and for `policy explain`. */
export function collectSources(value: unknown, path: (string | number)[] = []): { file: string; path: (string | number)[] }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => collectSources(item, [...path, index]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      if (key === 'source' && typeof item === 'string') return [{ file: item.split(/\s+/)[0]!, path: [...path, key] }];
      return collectSources(item, [...path, key]);
    });
  }
  return [];
}
