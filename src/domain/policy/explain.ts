// `supervision-bot policy explain`: the whole pack in plain English, for the principal social worker.
import { nations } from '../calendar/nations.js';
import { documentInWords, sourceReference } from './cite.js';
import type { PolicyPack, RecordField, RecordingModel, SupervisionKind } from './schema.js';
import { significantDeadlineOf } from '../records/deadline.js';
import { urgencyLevels } from './schema.js';
import { cadenceInWords, deadlineInWords } from './words.js';
import { entryOf } from './entryOf.js';
import { agreedByWords } from './differentSupervisor.js';
import { asksCaseReference } from '../triggers/raise.js';

const nationNames: Record<(typeof nations)[number], string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

/** What `policy explain` says of a record whose kind names no signOff: the bot still asks the practitioner to sign. */
export const BOT_SIGNS =
  "The bot's choice, as this pack does not say who signs: the practitioner reads the record and agrees, or signs with their disagreement kept beside it.";

export function explainPolicy(pack: PolicyPack): string {
  const lines: string[] = [];
  const say = (text = '') => lines.push(text);
  // Not in brackets: sources end in their own ("4.3 d)"), and brackets around them would stack.
  // A rule the document does not state says so: the bot's choice, with its reason (schema.ts `choice`).
  const cite = (rule: { source: string; local?: boolean | undefined; note?: string | undefined; choice?: string | undefined }) => {
    const source = rule.local ? `Source: ${sourceReference(rule.source)}; a local choice: ${rule.note ?? ''}` : `Source: ${sourceReference(rule.source)}.`;
    return rule.choice ? `${source.replace(/\.$/, ';')} the bot's choice: ${rule.choice}` : source;
  };

  say(`${pack.organisation}: policy pack '${pack.id}'.`);
  // The packs' notes call the document "the seed": say once that that is this document.
  say(`Written from the policy document (the seed): ${documentInWords(pack.document)}`);
  say(`Each rule below names the place in this document it comes from; the bot cites it as "${pack.document.citeAs}".`);
  say();
  const hours = pack.workingHours;
  say(`Working days: ${hours.days.join(', ')}, ${hours.start} to ${hours.end}, except bank holidays in ${nationNames[pack.nation]}. ${cite(hours)}`);
  if (pack.language) {
    const { language } = pack;
    const names = { 'en-GB': 'English', cy: 'Welsh' } as const;
    say(
      `Languages: ${names[language.default]} by default${language.offerChoice ? `; each person chooses Welsh or English in settings, and is written to in both, ${names[language.default]} first, until they choose` : ''}. Case-file text in ${names[language.records]}${language.choice ? `; the bot's choice: ${language.choice}` : '.'}`,
    );
  }
  say(
    `Case references: ${pack.caseReference.system}, e.g. ${pack.caseReference.example}. Chat messages carry the reference, never a child's name. ${cite(pack.caseReference)}`,
  );

  say();
  say('Who gets what supervision');
  for (const [id, cohort] of Object.entries(pack.cohorts)) {
    say(`- ${cohort.title} (cohort '${id}')${cohort.needsStartDate ? ', counted from their start date' : ''}. ${cite(cohort)}`);
    for (const entry of cohort.supervision) {
      const kind = entryOf(pack.kinds, entry.kind);
      say(`    ${kind?.title ?? entry.kind}: ${cadenceInWords(entry.cadence)}. ${cite(entry)}`);
    }
  }

  if (pack.caseCategories && Object.keys(pack.caseCategories).length > 0) {
    say();
    say('How often each case is reviewed in supervision');
    for (const [id, category] of Object.entries(pack.caseCategories)) {
      say(`- ${category.title} ('${id}'): ${cadenceInWords(category.cadence)}. ${cite(category)}`);
    }
  }

  say();
  say('Triggers: when a practitioner must (or may) ask for supervision');
  for (const [id, trigger] of Object.entries(pack.triggers)) {
    const code = trigger.code ? `${trigger.code} ` : '';
    const flags = [trigger.mandatory ? 'mandatory' : 'optional', `${trigger.urgency} by default`];
    if (trigger.minimumUrgency) flags.push(`never below ${trigger.minimumUrgency}`);
    if (trigger.significant) flags.push('a significant decision');
    if (trigger.routeTo === 'safeguarding-lead') flags.push(`goes straight to the ${pack.escalation.safeguardingLead.title}`);
    if (trigger.about === 'line-manager') flags.push('never to the line manager it is about');
    if (!asksCaseReference(pack, trigger)) flags.push('kept on the personal supervision file, with no case reference');
    say(`- ${code}${trigger.title} ('${id}'; ${flags.join(', ')}): "${trigger.wording}" ${cite(trigger)}`);
    if (trigger.welsh) say(`    In Welsh: ${[trigger.welsh.title, trigger.welsh.wording && `"${trigger.welsh.wording}"`].filter(Boolean).join(': ')}`);
  }

  say();
  say('How fast a trigger must be answered before it escalates');
  for (const level of urgencyLevels) {
    const rule = pack.urgencies[level];
    say(`- ${level}: within ${rule.respondWithin.text}. ${cite(rule)}`);
  }
  say(
    `Escalation, in order: ${pack.escalation.chain.map((step) => step.title).join(', then ')}; if nobody answers, the ${pack.escalation.safeguardingLead.title} is alerted. ${cite(pack.escalation)}`,
  );

  say();
  say('Kinds of supervision and their records');
  for (const [id, kind] of Object.entries(pack.kinds)) {
    if (!kind) continue;
    say(`- ${kind.title} ('${id}'). ${cite(kind)}`);
    if (kind.duration) {
      const range = [
        kind.duration.typical && `about ${kind.duration.typical.text}`,
        kind.duration.min && `at least ${kind.duration.min.text}`,
        kind.duration.max && `at most ${kind.duration.max.text}`,
      ]
        .filter(Boolean)
        .join(', ');
      const who = kind.duration.cohorts ? ` for ${kind.duration.cohorts.map((cohort) => entryOf(pack.cohorts, cohort)?.title ?? cohort).join(', ')}` : '';
      const how =
        kind.duration.min || kind.duration.max ? (kind.duration.binding ? '; a booking outside it is refused' : '; a booking outside it is warned about') : '';
      say(`    Length: ${range}${who}${how}. ${cite(kind.duration)}`);
    }
    if (kind.record) {
      const record = kind.record;
      const significantDeadline = significantDeadlineOf(pack, id as SupervisionKind);
      const significant = significantDeadline ? `; ${deadlineInWords(significantDeadline)} for a significant decision` : '';
      const model = entryOf(pack.recordingModels, record.model);
      const perChild = model?.perCase ? ', one record for each child discussed' : '';
      say(
        `    Record: ${model?.title ?? record.model}, by the ${record.recordedBy.replace(/-/g, ' ')}, ${deadlineInWords(record.deadline)}${significant}, kept on the ${record.storedOn.replace('-', ' ')}${perChild}. ${cite(record)}`,
      );
      if (record.personalRecord) {
        const personal = entryOf(pack.recordingModels, record.personalRecord.model)?.title ?? record.personalRecord.model;
        say(`    A held session is also recorded once on the personal record: ${personal}, naming the cases by reference only. ${cite(record.personalRecord)}`);
      }
    }
    if (kind.signOff) {
      const share = kind.signOff.shareWithin ? `, shared with the supervisee ${deadlineInWords(kind.signOff.shareWithin)}` : '';
      say(`    Signed by: ${kind.signOff.by.join(' and ')}${share}. ${cite(kind.signOff)}`);
      const disputes = kind.signOff.disputesTo;
      if (disputes)
        say(
          `    A disagreement with the record: ${disputes.resolveFirst ? `the two try to resolve it first; if they cannot, either escalates it to the ${disputes.title}` : `the ${disputes.title} settles it`} (the first with the directory role ${disputes.role} above the author${disputes.resolveFirst ? '' : ', or the author if they hold it'}). ${cite(disputes)}`,
        );
    } else if (kind.record && (id !== 'group' || kind.record.storedOn !== 'personal-record')) {
      // The bot has every record it takes signed by the supervisee: where the pack does not say so, that is the bot's.
      say(`    Signed by: the supervisee, once the ${kind.record.recordedBy.replace(/-/g, ' ')} has written it. ${BOT_SIGNS}`);
    }
    if (kind.cancellation) {
      const only = kind.cancellation.onlyFor ? `only for ${kind.cancellation.onlyFor.join(' or ')}, ` : '';
      say(`    Moving or cancelling: ${only}rebooked ${kind.cancellation.rebook.replace(/-/g, ' ')}. ${cite(kind.cancellation)}`);
    }
    if (kind.dueAfter)
      say(`    Also due within ${kind.dueAfter.within.text} of a ${kind.dueAfter.event}, whose date either of the two records in chat. ${cite(kind.dueAfter)}`);
    if (kind.followUp)
      say(
        `    The date its record gives in "${kind.followUp.field}" books a further meeting: shown in upcoming for both, reminded on the day. ${cite(kind.followUp)}`,
      );
  }

  say();
  say('Recording models');
  for (const [id, model] of Object.entries(pack.recordingModels)) {
    say(`- ${model.title} ('${id}'): ${model.fields.map((field) => fieldInWords(model, field, pack)).join('; ')}. ${cite(model)}`);
  }

  const reminders = pack.reminders;
  say();
  say(
    `Before each session: the practitioner's preparation card ${reminders.prepareWorkingDaysBefore} working day${reminders.prepareWorkingDaysBefore === 1 ? '' : 's'} before, with what to bring: ${reminders.bring.join(' ')} ${cite(reminders)}`,
  );
  if (reminders.supervisor) say(`- The supervisor's preparation card, the same day: ${reminders.supervisor.bring.join(' ')} ${cite(reminders.supervisor)}`);
  if (reminders.setting) say(`- Where and how, on the preparation cards and the day's reminder: ${reminders.setting.text} ${cite(reminders.setting)}`);
  if (reminders.changes)
    say(
      `- Late starts, moves and cancellations of the last ${reminders.changes.lookBack.text}, counted on both preparation cards: ${reminders.changes.text} ${cite(reminders.changes)}`,
    );
  if (pack.group) {
    const group = pack.group;
    say();
    say(`Group supervision: ${cadenceInWords(group.cadence)}. ${cite(group)}`);
    say(
      `- At least ${group.facilitators.min} facilitator${group.facilitators.min === 1 ? '' : 's'}${group.facilitators.rotate ? ', rotating' : ''}. ${cite(group.facilitators)}`,
    );
    if (group.advisor) say(`- An advisor${group.advisor.rotate ? ', rotating' : ''}${group.advisor.required ? ' is required' : ''}. ${cite(group.advisor)}`);
    if (group.presenterChosenBeforehand) say(`- The case and its presenter are chosen beforehand. ${cite(group.presenterChosenBeforehand)}`);
    if (group.attendance) say(`- Everyone attends at least ${group.attendance.atLeast} each ${group.attendance.per}. ${cite(group.attendance)}`);
    if (group.size)
      say(
        `- Group size: ${[group.size.min && `at least ${group.size.min}`, group.size.max && `at most ${group.size.max}`].filter(Boolean).join(', ')} people. ${cite(group.size)}`,
      );
    if (group.replacesOneToOne)
      say(`- It ${group.replacesOneToOne.value ? 'can' : 'does not'} replace one-to-one supervision. ${cite(group.replacesOneToOne)}`);
    if (group.caseFollowUp)
      say(`- Each practitioner who attended is told, once the attendance is taken: ${group.caseFollowUp.text} ${cite(group.caseFollowUp)}`);
    if (group.process) say(`- How it is run, on the facilitator's and the advisor's notes: ${group.process.text} ${cite(group.process)}`);
    if (group.setting) say(`- Where and how, on the team channel's post of each session: ${group.setting.text} ${cite(group.setting)}`);
  }
  if (pack.agreement) {
    say();
    say(
      `Supervision agreement${pack.agreement.cohorts ? ` (${pack.agreement.cohorts.map((id) => pack.cohorts[id]?.title ?? id).join(', ')} only)` : ''}: signed by ${pack.agreement.signedBy.join(' and ')}${pack.agreement.atOutset ? ' at the outset' : ''}, reviewed ${`every ${pack.agreement.review.text}`}. ${cite(pack.agreement)}`,
    );
    say('  Its headings, on the card offered at the first session:');
    for (const heading of pack.agreement.headings) say(`  - ${heading.title}. ${cite(heading)}`);
    if (pack.agreement.additions)
      say(`  The two may add terms of their own before they sign: ${pack.agreement.additions.text} ${cite(pack.agreement.additions)}`);
    if (pack.agreement.setsFrequency)
      say(
        `  How often ${pack.agreement.setsFrequency.kinds.join(', ')} sessions are held is set in it by the two, never less often than the cohort's cadence (where it sets none, as often as agreed). ${cite(pack.agreement.setsFrequency)}`,
      );
  }
  if (pack.professionalSupervision) {
    say();
    say(
      `${pack.professionalSupervision.text} The directory says who is a registered social worker and who gives it; where the line manager is not one, upcoming and team show it, and the manager above is told when nobody is named. ${cite(pack.professionalSupervision)}`,
    );
  }
  if (pack.reporting) {
    say();
    say(`Reporting: a frequency report ${cadenceInWords(pack.reporting.cadence)}, covering ${pack.reporting.covers.join(', ')}. ${cite(pack.reporting)}`);
    if (pack.reporting.sendTo)
      say(
        `  Sent by itself on the first working day after each month to: ${pack.reporting.sendTo.roles.join(', ')}, each for the teams in their line. ${cite(pack.reporting.sendTo)}`,
      );
    if (pack.reporting.recordsViewed)
      say(
        `  Records viewed: for each person supervised, whether someone above them in the line opened a record of theirs in the last ${pack.reporting.recordsViewed.withinMonths} calendar months. ${cite(pack.reporting.recordsViewed)}`,
      );
  }
  const lateStart = pack.lateStart;
  if (lateStart) {
    say();
    say(
      `Joining part-way through a calendar period: ${lateStart.periodJoinedPartWay === 'if-half-remains' ? 'a session is owed in it only if at least half of it remained' : 'a session is owed in it'}. ${cite(lateStart)}`,
    );
  }
  if (pack.leave) {
    say();
    say(
      `Leave: ${pack.leave.recordGap ? 'a gap in supervision caused by leave is recorded; ' : ''}rebooked ${pack.leave.rebook.replace(/-/g, ' ')}, within ${pack.leave.dueWithinWorkingDaysOfReturn} working day${pack.leave.dueWithinWorkingDaysOfReturn === 1 ? '' : 's'} of the return. ${cite(pack.leave)}`,
    );
    if (pack.leave.reallocation)
      say(`- When a practitioner records an absence, their supervisor is told: ${pack.leave.reallocation.text} ${cite(pack.leave.reallocation)}`);
  }
  if (pack.differentSupervisor) {
    say();
    const rule = pack.differentSupervisor;
    say(
      `A different supervisor may be asked for: agreed by ${agreedByWords(rule.agreedBy, 'in-general')}, their own supervisor told in any case${rule.timeLimited ? '; until an agreed end date, then requests go to the own supervisor again' : ''}${rule.recorded ? '; recorded' : ''}. ${cite(rule)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A record field as `policy explain` names it, with what the record form does beyond asking it. */
function fieldInWords(model: RecordingModel, field: RecordField, pack: PolicyPack): string {
  const labelOf = (fieldId: string) => model.fields.find((other) => other.id === fieldId)?.label ?? fieldId;
  if (field.requiredWhen) return `${field.label}, needed when ${labelOf(field.requiredWhen.field)} is ${field.requiredWhen.is}`;
  if (field.showsPrevious) return `${field.label}, filled in from the case's last ${labelOf(field.showsPrevious)}`;
  if (field.bringsTo) return `${field.label}, brought to the next ${pack.kinds[field.bringsTo]?.title ?? field.bringsTo} on its preparation cards`;
  if (field.showsLeaveGap) return `${field.label}, filled in with any gap in supervision caused by leave since the last record`;
  if (field.multiple) return `${field.label}, one or more of ${field.options!.join(', ')}`;
  return field.label;
}
