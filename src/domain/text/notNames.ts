// Capitalised words a social worker writes that are not a person's name: without them every
// "Child Protection Conference" would read as a name. Lower case; one word each, so terms combine freely.

const CALENDAR = `january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
  mon tue tues wed thu thur thurs fri sat sun christmas easter ramadan eid diwali hanukkah new year's
  half term bank holiday spring summer autumn winter morning afternoon evening tonight today tomorrow yesterday`;

// Mum, Dad and Nan are how a family is written without naming anyone.
const FAMILY = `mum mummy mom mother dad daddy father nan nana nanny gran granny grandma grandmother grandad granddad
  grandpa grandfather auntie aunty aunt uncle brother sister sibling siblings cousin stepdad stepmum stepfather
  stepmother partner boyfriend girlfriend husband wife ex baby child children kids son daughter twins carer carers
  parent parents family foster kinship guardian`;

const ROLES = `team manager managers head of operations service senior practice supervisor supervisors supervision
  principal social worker workers work deputy director chief executive officer lead designated safeguarding
  independent reviewing chair coordinator co-ordinator advisor adviser personal educator assessor student
  newly qualified nqsw asye consultant practitioner practitioners visitor nurse paediatrician doctor health
  midwife teacher head headteacher senco counsellor therapist psychologist psychiatrist judge magistrate
  solicitor barrister guardian officer housing interpreter advocate keyworker key duty`;

const ORGANISATIONS = `cafcass cymru childfirst mosaic liquidlogic eclipse ofsted police constabulary probation camhs gp nhs
  hospital ward clinic surgery school schools academy college nursery university council borough authority
  local county city government welsh home office court courts appeal high tribunal family children's children
  young people's adult adults social care services service unit centre center hub mash lado marac iro ypo
  women's aid refuge barnardo's barnardos nspcc action for children nacro shelter foodbank citizens advice
  jobcentre universal credit dwp hmrc housing association england wales scotland ireland northern uk
  britain british kingdom united nations european union early help youth offending justice crown
  prosecution team teams emergency out hours edt virtual freedom programme solihull approach mind samaritans
  childline barnardo nacro gateway community vale trust foundation charity church mosque temple gurdwara
  synagogue tesco asda sainsbury sainsbury's morrisons aldi lidl iceland primark greggs mcdonald mcdonald's
  boots argos snapchat instagram tiktok facebook whatsapp youtube xbox playstation`;

// Faith and heritage are written about families without naming anyone.
const HERITAGE = `muslim christian catholic jewish hindu sikh buddhist orthodox traveller travellers gypsy roma
  irish welsh scottish english polish romanian somali eritrean afghan syrian kurdish albanian vietnamese
  nigerian ghanaian bangladeshi pakistani indian turkish portuguese lithuanian`;

const PLACES = `islington bexley cumberland westmorland furness carlisle workington whitehaven barrow cockermouth
  keswick penrith cardiff swansea newport wrexham bangor london manchester birmingham leeds liverpool
  bristol sheffield newcastle camden hackney haringey lambeth southwark lewisham greenwich croydon bromley
  kent essex surrey cumbria lancashire yorkshire north south east west whittington royal free
  street road avenue lane estate park ward`;

const TERMS = `child protection plan conference initial review core group strategy discussion meeting section
  enquiry enquiries assessment single in need looked after child's permanence special guardianship
  order orders care proceedings public law outline plo letter before issue interim final hearing
  irh cmh fhdra signs of safety mapping safety scale goals danger statements words and pictures
  signs safety what's working well worries next steps threshold referral contact supervised
  chronology genogram case cases file note notes record records recording plan plans pathway
  placement placements fostering adoption residential semi semi-independent staying put leaving
  care leaver leavers education health plan ehcp pep lac cla cin cp icpc rcpc fgc family group
  multi agency risk conference domestic abuse violence neglect emotional physical sexual exploitation
  cse cce county lines modern slavery nrm missing return interview mental substance misuse drug
  drugs alcohol testing hair strand parenting capacity programme course intervention direct
  learning disability autism adhd speech language therapy occupational special educational needs
  disabilities send sen free school meals pupil premium attendance exclusion permanent fixed
  term reflective reflection development professional registration cpd policy procedure procedures
  standard standards guidance framework handbook template appendix section part chapter
  immunisations accident a&e emergency department discharge summary birth ante natal antenatal
  postnatal post neonatal unit intensive safeguarding panel board partnership forum workshop
  training induction appraisal annual leave sickness absence office building room desk laptop
  phone email teams slack mobile video call visit visits home unannounced announced joint
  seen alone observation observations supervision contract agreement caseload allocation
  transfer closure step up down universal targeted specialist statutory non-statutory
  category categories concern concerns worry worried risk risks harm significant decision
  decisions action actions agreed outcome outcomes review reviews date dates deadline
  and the of for to with on at by in a an or no not new old first second third last next`;

/** "Nan", "Uncle": a family word before a name ("Uncle Gary") does not make it a title. */
export const FAMILY_WORDS: ReadonlySet<string> = new Set(FAMILY.split(/\s+/).filter((word) => word !== ''));

// "Mr Kowalski" names someone; the title alone does not.
export const HONORIFICS: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'master']);

export const NOT_NAMES: ReadonlySet<string> = new Set(
  [CALENDAR, FAMILY, ROLES, ORGANISATIONS, HERITAGE, PLACES, TERMS].flatMap((words) => words.split(/\s+/)).filter((word) => word !== ''),
);
