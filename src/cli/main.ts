// The command line: `supervision-bot <command>`. Usage mistakes exit 2, invalid packs exit 1.
import { PolicyInvalidError, PolicyNotFoundError } from '../config/policyFiles.js';
import { dbCommand } from './dbCommand.js';
import { directoryCommand } from './directoryCommand.js';
import { casesCommand } from './casesCommand.js';
import { deadlineCommand } from './deadlineCommand.js';
import { demoCommand } from './demoCommand.js';
import { processIo, type CommandIo } from './io.js';
import { policyCommand } from './policyCommand.js';
import { reportCommand } from './reportCommand.js';
import { scheduleCommand } from './scheduleCommand.js';
import { serveCommand } from './serveCommand.js';
import { UsageError } from './usage.js';
import { StoreOpenError } from '../store/open.js';

export const usage = `supervision-bot: supervision for children's social workers, in Teams and Slack

Commands:
  serve                                 run the bot (what npm start does); migrates the database first
  db migrate                            bring the database up to date (DATABASE_URL, or PGlite in DATA_DIR)
  directory import FILE [--dry-run] [--reassign-identities]
                                        add or update people from a CSV or YAML file (all rows or none);
                                        --reassign-identities lets a chat id move to another person (audited)
  cases import FILE [--dry-run]         the full list of open cases (CSV: case_reference, category, worker,
                                        allocated_on; never a child's name); a case left out is closed
  report --month YYYY-MM [--team NAME] [--format csv|json|html] [--out FILE]
                                        the month's scheduled supervision per person and kind: due,
                                        held on time, late, not held, on leave, overdue (audited)
  demo seed [--months N] [--seed N]     the playground's demo people with N months (default 6) of history,
                                        the same for the same seed and day, into an empty store
  policy check [FILE...]                check policy packs (all of policies/ when no FILE)
  policy explain ID [--lang en-GB|cy]   a policy pack in plain English (--lang cy: its headings and labels in Welsh)
  policy local-choices                  the numbers each pack chose itself (for the README)
  schedule --policy ID --cohort ID --start YYYY-MM-DD --until YYYY-MM-DD
           [--held [KIND:]YYYY-MM-DD,...] [--kind KIND] [--agreed YYYY-MM-DD,...] [--json]
  schedule --policy ID --case-category ID --start YYYY-MM-DD --until YYYY-MM-DD [--held ...] [--json]
                                        when each supervision is due
  deadline --policy ID --record KIND --at ISO-DATETIME [--significant] [--json]
                                        when the record of a supervision is due
  help                                  this text`;

export async function main(args: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'policy':
        return policyCommand(rest, io);
      case 'schedule':
        return scheduleCommand(rest, io);
      case 'deadline':
        return deadlineCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'db':
        return await dbCommand(rest, io);
      case 'directory':
        return await directoryCommand(rest, io);
      case 'cases':
        return await casesCommand(rest, io);
      case 'report':
        return await reportCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(usage);
        return 0;
      default:
        throw new UsageError(`'${command}' is not a command; allowed: serve, db, directory, cases, report, demo, policy, schedule, deadline, help`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`supervision-bot ${error.message}`);
      return 2;
    }
    if (error instanceof PolicyNotFoundError) {
      io.err(`supervision-bot: ${error.message}`);
      return 2;
    }
    // DATA_DIR in use by another process, or damaged: one line naming it.
    if (error instanceof StoreOpenError) {
      io.err(`supervision-bot: ${error.message}`);
      return 1;
    }
    if (error instanceof PolicyInvalidError) {
      io.err(`supervision-bot: ${error.file} is not a valid policy pack; run 'supervision-bot policy check ${error.file}'`);
      return 1;
    }
    throw error;
  }
}
