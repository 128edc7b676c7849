// Block Kit's size limits (https://api.slack.com/reference/block-kit), checked by toBlockKit before Slack
// would reject the payload. A card whose structure is over a limit fails to convert, naming the limit; text,
// which can be what people wrote, is split into sections or cut (see toBlockKit).

export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal view. */
  modalBlocks: 100,
  /** A section's (or context element's) mrkdwn text. */
  sectionText: 3000,
  /** One of a section's fields. */
  sectionField: 2000,
  /** Fields in one section: a longer FactSet is split into several sections. */
  sectionFields: 10,
  /** A header block's plain text. */
  headerText: 150,
  /** A modal's title, and its submit and close buttons' text. */
  modalTitle: 24,
  modalButton: 24,
  /** A modal's private_metadata. */
  privateMetadata: 3000,
  /** Options in a static_select or multi_static_select. */
  selectOptions: 100,
  /** Options in radio_buttons or checkboxes (an expanded ChoiceSet). */
  expandedOptions: 10,
  /** An option's text and value. */
  optionText: 75,
  optionValue: 150,
  /** Elements in one actions block. */
  actionsElements: 25,
  /** A button's text, value and url. */
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  /** An input block's label, and any element's placeholder. */
  inputLabel: 2000,
  placeholder: 150,
  /** plain_text_input's max_length can be at most this. */
  textInputLength: 3000,
  /** action_id, block_id and callback_id. */
  actionId: 255,
  blockId: 255,
  callbackId: 255,
} as const;
