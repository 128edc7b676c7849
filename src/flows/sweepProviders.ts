// Everything the sweeper looks for, in the order it looks: one list for the server and the benchmark.
import { messageRetentionProvider } from '../delivery/retention.js';
import type { DueProvider } from '../delivery/sweeper.js';
import { cadenceWatchProvider } from './cadenceWatch.js';
import { agreementReviewProvider, followUpProvider } from './agreements.js';
import type { FlowContext } from './context.js';
import { escalationProvider } from './escalations.js';
import { differentSupervisorProvider } from './differentSupervisor.js';
import { groupSessionsProvider } from './group/sessions.js';
import { monthlyReportProvider } from './reports/monthlyReport.js';
import { recordDeadlineProvider, sessionRecordDeadlineProvider } from './recordDeadlines.js';
import { remindersProvider, type ReminderSource } from './reminders.js';
import { reminderSources } from './reminderSources.js';
import { professionalSupervisionProvider } from './professionalSupervision.js';

export function sweepProviders(context: FlowContext, sources: ReminderSource[] = reminderSources(context)): DueProvider[] {
  return [
    escalationProvider(context),
    recordDeadlineProvider(context),
    sessionRecordDeadlineProvider(context),
    cadenceWatchProvider(context),
    agreementReviewProvider(context),
    followUpProvider(context),
    groupSessionsProvider(context),
    remindersProvider(context, sources),
    differentSupervisorProvider(context),
    monthlyReportProvider(context),
    professionalSupervisionProvider(context),
    messageRetentionProvider(),
  ];
}
