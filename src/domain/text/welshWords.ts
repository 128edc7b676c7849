// Welsh words a social worker writes, capitalised at the start of a sentence or in a title, that are not a
// person's name (issue 21): without them a Welsh speaker's "Mae'r tŷ yn daclus" reads as naming "Mae", and
// "Cynhadledd Amddiffyn Plant" as a name in three words. The list is the bot's choice, not a published one: the
// commonest function words and verb forms, the days and months, family words and the terms of the work, with
// their usual mutations (tŷ, dŷ, nhŷ, thŷ; plant, blant). Lower case. Words that are also common first names
// (Gwen, Bryn, Glyn, Eira, Haf, Del) are left out: a name is worse missed than a word queried.

// Function words: articles, prepositions, conjunctions, pronouns, particles.
const FUNCTION = `y yr 'r a ac ag ond neu na nac nad os pe er mai taw bod fod mod achos oherwydd gan gyda efo heb
  i o am ar at dan dros drwy trwy wrth hyd yn yng ym rhwng ers tan fel mewn ynghylch ynglŷn ynglyn parthed ei eu ein
  eich fy fy'n ni chi nhw hi fe fo e ef hwy hwn hon hyn hynny honno hwnnw yma yna acw dyma dyna dacw pwy beth
  pam sut ble lle pryd faint pa pob popeth pawb rhywun rhywbeth neb dim ddim mwy llai iawn hefyd eto erbyn wedyn
  felly wedi newydd heddiw yfory ddoe bore prynhawn heno nos wythnos mis blwyddyn diolch ie na nage do naddo
  bydd byddai buasai roedd oedd mae maen maent ydy ydyw yw oes sydd sy dydy dydw dyw nid dw rwy rydw rydyn
  rydych roeddwn roedden bu buodd aeth daeth cafodd gwnaeth dywedodd meddai siaradais siaradodd gofynnodd
  ymwelais ymwelodd cysylltodd cysylltais ffoniodd ffoniais trafodwyd cytunwyd nodwyd nodir gweler sylwer
  angen rhaid gallu gall gallai dylai dylid hoffwn hoffai byddaf byddwn cafwyd cynhaliwyd gwelais gwelodd
  clywais clywodd roeddem dywedais eglurodd esboniodd cadarnhaodd mynegodd sâl sal iach hapus trist pryderus
  poeni pryder pryderon da drwg gwell gwaeth diogel risg`;

// Days (dydd Llun), months and seasons.
const CALENDAR = `dydd ddydd llun mawrth mercher iau gwener sadwrn sul ionawr chwefror ebrill mai mehefin gorffennaf awst
  medi hydref tachwedd rhagfyr gwanwyn hydref gaeaf nadolig pasg gŵyl gwyl banc hanner tymor`;

// Mam and Dad are how a family is written without naming anyone.
const FAMILY = `mam fam mham nain taid tad dad nhad thad tada mamgu mam-gu tadcu tad-cu bamps nanna brawd frawd mrawd
  chwaer chwiorydd brodyr modryb fodryb ewythr ewyrth cefnder cyfnither llysdad llysfam partner gŵr gwr gwraig
  wraig babi plentyn blentyn mhlentyn plant blant mhlant mab fab merch ferch efeilliaid gofalwr gofalwyr rhiant
  rhieni teulu deulu maeth maethu perthynas`;

// The terms of the work, as the bot's own Welsh writes them (docs/glossary-cy.md), and the places it happens.
const WORK = `tŷ dŷ nhŷ thŷ cartref gartref ysgol ysgolion coleg meithrinfa ysbyty meddyg meddygfa heddlu llys
  tribiwnlys cyngor sir awdurdod lleol gwasanaeth gwasanaethau cymdeithasol gofal plant plentyn teuluoedd
  rheolwr reolwr rheolwyr tîm tim timau uwch pennaeth gweithrediadau gweithiwr weithiwr gweithwyr ymarferydd
  ymarferwyr goruchwyliwr goruchwylwyr goruchwyliaeth oruchwyliaeth goruchwylio cyfarfod gyfarfod strategaeth
  cynhadledd gynhadledd amddiffyn diogelu achos achosion cofnod cofnodion cyfeirnod sbardun cais adroddiad
  asesiad cynllun adolygiad ymweliad ymweld trafodaeth trafod cytundeb camau gweithredu iechyd meddwl addysg
  tai cymorth cyngor cafcass cymru llywodraeth cymraeg saesneg gogledd de gorllewin dwyrain canolbarth`;

/** Welsh family words: next to a capitalised word they are not part of a title ("Mam Hywel" may name Hywel). */
export const WELSH_FAMILY_WORDS: ReadonlySet<string> = new Set(FAMILY.split(/\s+/).filter((word) => word !== ''));

/** Welsh function words and verbs ("Gwelais", "Mae"): beside an unknown capitalised word they make no title ("Gwelais Kayden's brawd"). */
export const WELSH_PLAIN_WORDS: ReadonlySet<string> = new Set(FUNCTION.split(/\s+/).filter((word) => word !== ''));

/** Common Welsh words, lower case: never a name on their own. */
export const WELSH_WORDS: ReadonlySet<string> = new Set(
  [FUNCTION, CALENDAR, FAMILY, WORK]
    .join(' ')
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** A common Welsh word, with or without an elided ending joined on ("Mae'r", "Dw'n", "i'w"). */
export function isWelshWord(lower: string): boolean {
  return WELSH_WORDS.has(lower) || WELSH_WORDS.has(lower.replace(/['’](r|n|m|i|u|w|ch|th)$/u, ''));
}
