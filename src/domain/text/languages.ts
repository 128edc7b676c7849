// The languages the bot speaks (issue 21): English and Welsh. Their words are in src/i18n; this list is the domain's,
// so that a policy pack can name them.
export const locales = ['en-GB', 'cy'] as const;
export type Locale = (typeof locales)[number];
