// Files in a Teams personal chat, the Teams bot API way: a FileConsentCard asks the person; when they
// allow it, Teams sends fileConsent/invoke with an upload session in their OneDrive; the bot PUTs the bytes
// there (one range, as Microsoft documents) and shows the file with a FileInfoCard.
import type { Attachment, FileConsentCard, FileInfoCard } from 'botbuilder';
import { z } from 'zod';
import type { FileOffer } from '../../flows/context.js';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** What the bot put on its consent card comes back as the invoke's context: only the record's or the session's id, or the report's month. */
const consentContext = z.union(
  [
    z.strictObject({ recordId: z.uuid({ error: 'the file card names no record I know' }) }),
    z.strictObject({ sessionId: z.uuid({ error: 'the file card names no session I know' }) }),
    // The oversight report: the month only; the teams are the taker's line, read again when it is sent.
    z.strictObject({
      reportMonth: z.string({ error: 'the file card names no month' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'the file card names no month as YYYY-MM' }),
      format: z.enum(['csv', 'html'], { error: 'the file card names no format I send (csv or html)' }),
    }),
  ],
  { error: 'the file card names no record, session or report' },
);

/** OneDrive's upload sessions are HTTPS; plain HTTP only on this machine (the playground, the tests). */
const uploadUrl = z.url({ error: 'the upload URL is not a URL' }).refine(
  (value) => {
    if (!URL.canParse(value)) return true; // said already: not a URL
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  },
  { error: 'the upload URL must be HTTPS' },
);

export const acceptedFile = z.object({
  action: z.literal('accept'),
  context: consentContext,
  uploadInfo: z.object(
    {
      name: z.string({ error: 'the upload has no file name' }).min(1).max(255),
      uploadUrl,
      contentUrl: z.url({ error: 'the upload has no content URL' }),
      uniqueId: z.string({ error: 'the upload has no unique id' }).min(1).max(200),
      fileType: z.string().max(20).default('txt'),
    },
    { error: 'the upload has no upload information' },
  ),
});

export const declinedFile = z.object({ action: z.literal('decline'), context: consentContext });

/** "context.recordId: the file card names no record I know": which part of the invoke was wrong, never its values. */
export function problems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
}

export function fileConsentCard(offer: FileOffer): Attachment {
  const source =
    'recordId' in offer
      ? { recordId: offer.recordId }
      : 'reportMonth' in offer
        ? { reportMonth: offer.reportMonth, format: offer.format }
        : { sessionId: offer.sessionId };
  const content: FileConsentCard = { description: offer.description, sizeInBytes: offer.bytes, acceptContext: source, declineContext: source };
  return { contentType: FILE_CONSENT_CARD, name: offer.name, content };
}

export function fileInfoCard(upload: z.output<typeof acceptedFile>['uploadInfo']): Attachment {
  const content: FileInfoCard = { uniqueId: upload.uniqueId, fileType: upload.fileType };
  return { contentType: FILE_INFO_CARD, contentUrl: upload.contentUrl, name: upload.name, content };
}

/** PUTs the whole file to the upload session in one request: Content-Range bytes 0-(n-1)/n. */
export async function uploadFile(url: string, text: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const body = Buffer.from(text, 'utf8');
  try {
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Length': String(body.length), 'Content-Range': `bytes 0-${body.length - 1}/${body.length}` },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return response.ok ? { ok: true } : { ok: false, error: `upload answered ${response.status}` };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
