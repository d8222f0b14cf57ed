import type { CaseType, Locale } from '../../models/case.js';

/** Every text the intake conversation shows, per language. Parameters are plain values, never markup. */
export interface IntakeMessages {
  newCaseTitle: string;
  progress: (p: { step: number; of: number }) => string;
  // buttons
  next: string;
  skip: string;
  back: string;
  cancel: string;
  confirm: string;
  edit: string;
  start: string;
  notSolved: string;
  solvedBy: (title: string) => string;
  // describe
  describePrompt: string;
  describeLabel: string;
  describePlaceholder: string;
  // category
  categoryPromptGuess: (names: string) => string;
  categoryPromptAll: string;
  categoryLabel: string;
  // type
  typePrompt: (p: { category: string; type: string }) => string;
  typeLabel: string;
  typeNames: Record<CaseType, string>;
  typeShort: Record<CaseType, string>;
  // questions
  questionOptional: string;
  yes: string;
  no: string;
  skipped: string;
  // knowledge
  knowledgeTitle: string;
  knowledgeIntro: string;
  // urgency
  urgencyPrompt: string;
  urgencyLabel: string;
  // summary
  summaryTitle: string;
  summaryPrompt: string;
  editLabel: string;
  factCategory: string;
  factType: string;
  factUrgency: string;
  factPriority: string;
  factUser: string;
  factReporter: string;
  factChannel: string;
  factTemplate: string;
  factNumber: string;
  factAttachments: string;
  factGroup: string;
  channelNames: { phone: string; desk: string };
  // done
  doneTitle: string;
  doneText: (p: { number: string; group: string }) => string;
  doneOnBehalfText: (p: { number: string; group: string; user: string }) => string;
  deflectedTitle: string;
  deflectedText: (p: { number: string }) => string;
  deflectedSolution: (title: string) => string;
  /** "This solved it" on a case staff register for someone (phone, desk): what staff are told, and the solution. */
  deflectedForTitle: string;
  deflectedForText: (p: { number: string; user: string }) => string;
  deflectedForSolution: (title: string) => string;
  quickDoneTitle: string;
  quickDoneText: (p: { number: string; title: string }) => string;
  /** The done view's button that registers the same quick case again, for the next person at the desk. */
  quickAgain: (p: { title: string }) => string;
  // cancel, help, expiry, errors
  cancelledTitle: string;
  cancelledText: string;
  nothingToCancel: string;
  nothingToGoBackTo: string;
  staleForm: string;
  /** A button of an earlier report (cancelled, registered or replaced since) was clicked: nothing changed. */
  earlierDraft: string;
  /** The same in a form (Slack's modal), which then shows the report open now. */
  earlierDraftForm: string;
  /** The major incident offered was resolved before the person joined it: their report goes on as usual. */
  majorOver: string;
  majorAlreadyJoined: (p: { number: string; parent: string }) => string;
  /**
   * The purchase category was picked while equipment orders are set up: equipment is ordered with the order form
   * (catalogue, prices, approval), not registered as a plain request. `threshold`: the approval limit, formatted.
   */
  orderOfferTitle: string;
  orderOfferText: (p: { threshold: string }) => string;
  /** Staff reporting for someone: how to order for them. `forOther`: the order form's own "For someone else". */
  orderOfferOnBehalf: (p: { name: string; forOther: string }) => string;
  /** The description written goes with the order. */
  orderOfferNote: string;
  orderOfferNotPurchase: string;
  orderOfferStart: string;
  orderOfferBack: string;
  endedText: string;
  /** The store did not answer: nothing was lost, try again shortly. */
  storeDownTitle: string;
  storeDownText: string;
  /** The store did not answer an ordinary turn (an answer, not a registration): it was not saved. */
  storeDownAnswerTitle: string;
  /** … sent as a chat message: send it again. */
  storeDownAnswer: string;
  /** … sent in a form: it is still in the form, send it again. */
  storeDownAnswerForm: string;
  /** The store did not answer before any draft existed. */
  storeDownNew: string;
  /** The button that sends a quick case's "one more" again after the store did not answer. */
  tryAgain: string;
  helpTitle: string;
  helpText: string;
  helpStep: Record<
    'describe' | 'category' | 'type' | 'question' | 'knowledge' | 'urgency' | 'summary' | 'staff',
    string
  >;
  idleHelp: string;
  expiredTitle: string;
  expiredText: (p: { hours: number }) => string;
  expiredNothing: string;
  restartedNote: string;
  /** A template asked for in a draft for someone (`new for …`): the new draft is for the same person. */
  templateKeptPerson: (name: string) => string;
  /**
   * The templates asked for someone before the contact was chosen (`new for anna template`, "template" written at
   * the contact step): the contact taken, as the contact step offers it (`channel`: its name), and where to change it.
   */
  templateContactTaken: (channel: string) => string;
  /** A form (Slack's modal) was closed with answers in it: the draft is kept for the next start. */
  formClosedKept: string;
  /** A start in a form found the draft kept when its form was closed: it goes on from there. */
  resumedNote: string;
  staffOnly: string;
  // staff
  onBehalfPrompt: string;
  onBehalfLabel: string;
  onBehalfNone: (query: string) => string;
  onBehalfChoose: (query: string) => string;
  personLabel: string;
  channelPrompt: (name: string) => string;
  channelLabel: string;
  quickTitle: string;
  quickPrompt: string;
  quickLabel: string;
  noteLabel: string;
  noQuickCases: string;
  templateTitle: string;
  templatePrompt: string;
  /** The template step when some templates are in the orders' category (they open the order form instead). */
  templatePromptOrders: string;
  /** Added to the name of a template in the orders' category in the template list. */
  templateOpensOrder: string;
  templateLabel: string;
  noTemplates: string;
  staffQuick: string;
  staffTemplate: string;
  staffOnBehalf: string;
  // validation reasons
  required: string;
  requiredNoSkip: string;
  tooLong: (p: { max: number; length: number }) => string;
  /** A first message longer than the description may be: the start of it is kept. */
  shortened: (p: { max: number; length: number }) => string;
  notAnOption: (p: { options: string }) => string;
  dateFormat: string;
  dateNotReal: (date: string) => string;
  dateRange: (p: { from: string; to: string }) => string;
  yesNo: string;
}

const en: IntakeMessages = {
  newCaseTitle: 'New case',
  progress: ({ step, of }) => `step ${step} of ${of}`,
  next: 'Next',
  skip: 'Skip',
  back: 'Back',
  cancel: 'Cancel',
  confirm: 'Register the case',
  edit: 'Change the chosen step',
  start: 'Report a problem',
  notSolved: 'No, none of these helped',
  solvedBy: (title) => `This solved it: ${title}`,
  describePrompt: 'What is the problem? One or two sentences are enough; I will suggest where it belongs.',
  describeLabel: 'Short description',
  describePlaceholder: 'e.g. "The printer on the 3rd floor does not print"',
  categoryPromptGuess: (names) => `This sounds like ${names}. Pick the area that fits best; all areas are in the list.`,
  categoryPromptAll: 'Which area is it about?',
  categoryLabel: 'Area',
  typePrompt: ({ category, type }) =>
    `Cases about ${category} are usually registered as: ${type}. Change it if that does not fit.`,
  typeLabel: 'Type of case',
  typeNames: {
    incident: 'Incident: something is broken or does not work as it should',
    service_request: 'Service request: you need something (access, advice, equipment)',
  },
  typeShort: { incident: 'Incident', service_request: 'Service request' },
  questionOptional: 'You may skip this question.',
  yes: 'Yes',
  no: 'No',
  skipped: '(skipped)',
  knowledgeTitle: 'Known solutions',
  knowledgeIntro: 'Before I register the case: one of these known solutions may fix it right away.',
  urgencyPrompt: 'How much does it stop you? Choose what fits best.',
  urgencyLabel: 'How urgent is it?',
  summaryTitle: 'Check your case',
  summaryPrompt: 'This is what I will register. Register it, change a step, or cancel.',
  editLabel: 'Change a step',
  factCategory: 'Area',
  factType: 'Type',
  factUrgency: 'Urgency',
  factPriority: 'Priority',
  factUser: 'User',
  factReporter: 'Reported by',
  factChannel: 'Reached us by',
  factTemplate: 'Template',
  factNumber: 'Case number',
  factAttachments: 'Attachments',
  factGroup: 'Handled by',
  channelNames: { phone: 'Phone', desk: 'In person at the desk' },
  doneTitle: 'Your case is registered',
  doneText: ({ number, group }) =>
    `Your case is registered as ${number}, and ${group} has it. What happens next: a named person from the group ` +
    `writes to you when work starts, and you hear from us again when it is solved. See it with "status ${number}"; ` +
    `to add something, write "add ${number} …" at any time.`,
  doneOnBehalfText: ({ number, group, user }) =>
    `The case is registered as ${number} for ${user}, and ${group} has it. ${user} gets a receipt and hears from ` +
    'the person who takes it.',
  deflectedTitle: 'Glad it helped',
  deflectedText: ({ number }) =>
    `I registered it as ${number}, already solved, so we can see which solutions help. You do not need to do ` +
    'anything more. Write to me again if the problem comes back.',
  deflectedSolution: (title) => `Solved by the user with the known solution "${title}".`,
  deflectedForTitle: 'Registered as solved',
  deflectedForText: ({ number, user }) =>
    `The case is registered as ${number} for ${user}, solved with the known solution. ${user} gets a receipt with ` +
    'the number and the solution.',
  deflectedForSolution: (title) => `Solved on the spot with the known solution "${title}".`,
  quickDoneTitle: 'Quick case registered',
  quickDoneText: ({ number, title }) => `Registered as ${number} (${title}), solved on the spot.`,
  quickAgain: ({ title }) => `One more: ${title}`,
  cancelledTitle: 'Cancelled',
  cancelledText: 'Nothing was registered. Write to me again whenever you need help.',
  nothingToCancel: 'There is nothing to cancel. Describe a problem when you want to report one.',
  nothingToGoBackTo: 'This is the first step, there is nothing to go back to.',
  staleForm: 'That form belongs to an earlier step. Here is where we are now.',
  earlierDraft:
    'That form belongs to an earlier report, so nothing was changed. Please use the latest message to go on ' +
    'with the report you are making now.',
  earlierDraftForm:
    'That form belongs to an earlier report, so nothing was changed. Here is the report you are making now.',
  majorOver:
    'That major incident was resolved a moment ago. If the problem is still there for you, let us go on and ' +
    'register it.',
  majorAlreadyJoined: ({ number, parent }) =>
    `You are already on the list of those affected (${number}, part of ${parent}). You will hear from us when it is solved.`,
  orderOfferTitle: 'Equipment is ordered with the order form',
  orderOfferText: ({ threshold }) =>
    'Purchases of equipment go through the order form: choose items from the catalogue with their price and ' +
    'delivery time, or describe anything else as a special item. Orders above ' +
    `${threshold}, and every special item, go to the manager for approval; the purchasing desk (Indkøb) then ` +
    'orders it and tells you when it is ready.',
  orderOfferOnBehalf: ({ name, forOther }) => `To order for ${name}, choose "${forOther}" in the form.`,
  orderOfferNote: 'What you wrote goes with the order to the purchasing desk.',
  orderOfferNotPurchase: 'Not a purchase? Go back and choose another area. You can also write "order" at any time.',
  orderOfferStart: 'Order equipment',
  orderOfferBack: 'Choose another area',
  endedText: 'That conversation has ended. Start a new case when you need help.',
  storeDownTitle: 'Could not register right now',
  storeDownText:
    'I could not save this right now: our case system is not answering. Your answers are kept; try again in a moment.',
  storeDownAnswerTitle: 'Not saved',
  storeDownAnswer:
    'Our case system is not answering right now, so that was not saved. Nothing you sent earlier is lost. ' +
    'Please send it again in a moment.',
  storeDownAnswerForm:
    'Our case system is not answering right now, so that was not saved. Nothing you sent earlier is lost, and ' +
    'what you wrote is still below: please send it again in a moment.',
  storeDownNew: 'I cannot take new cases right now: our case system is not answering. Please try again in a moment.',
  tryAgain: 'Try again',
  helpTitle: 'Help',
  helpText:
    'I register IT cases for AU IT. You can write "back" to go one step back, "cancel" to stop without ' +
    'registering, "skip" for an optional question, and "help" for this text. Your answers are kept for 24 hours.',
  helpStep: {
    describe: 'Now: describe the problem in a sentence or two.',
    category: 'Now: choose the area the problem belongs to (a number or the name works too).',
    type: 'Now: check the type of case. Write "next" to keep it.',
    question: 'Now: answer the question shown. Write your answer as a message or use the form.',
    knowledge: 'Now: say whether one of the known solutions solved it (its number), or "no" to go on.',
    urgency: 'Now: choose how much the problem stops you (1, 2 or 3).',
    summary: 'Now: check the summary and register the case ("confirm"), change a step, or cancel.',
    staff: 'Now: make the choice shown on the form.',
  },
  idleHelp:
    'I register IT cases for AU IT. Describe your problem in a message, e.g. "Outlook cannot find the server", ' +
    'and I will guide you through a few questions. Write "new" to start without a description, "status ' +
    'INC-000123" to see a case, "add INC-000123 …" to add to it, "mine" for your cases, or "order" to order ' +
    'equipment.',
  expiredTitle: 'Your earlier draft expired',
  expiredText: ({ hours }) =>
    `Nothing happened in the draft for ${hours} hours, so I have started over. Here is what you had answered; ` +
    'the answers are filled in again where the same questions come up:',
  expiredNothing: 'Nothing had been answered yet.',
  restartedNote: 'Started over; the earlier draft was discarded.',
  templateKeptPerson: (name) =>
    `Started over from a template, still for ${name}; the rest of the earlier draft was discarded.`,
  templateContactTaken: (channel) =>
    `Reached us by: ${channel}, as the contact step offers it. If it was otherwise, change it from the case's ` +
    'summary (an order from a template does not ask for it).',
  formClosedKept: 'Your answers are kept: open the report form again to go on.',
  resumedNote:
    'Here is the report you had started; your answers are kept. Go on, or press the red Cancel button below to ' +
    'start over.',
  staffOnly: 'Only support staff can register cases on behalf of others, quick cases or templates.',
  onBehalfPrompt: 'Who is the case for? Write a name or an e-mail address.',
  onBehalfLabel: 'Name or e-mail',
  onBehalfNone: (query) => `I found nobody matching "${query}". Try another name or the e-mail address.`,
  onBehalfChoose: (query) => `Several people match "${query}". Who is it?`,
  personLabel: 'Person',
  channelPrompt: (name) => `How did ${name} contact us?`,
  channelLabel: 'Contact',
  quickTitle: 'Quick case',
  quickPrompt: 'Pick what was solved on the spot. It is registered as solved at once, without naming anybody.',
  quickLabel: 'Quick case',
  noteLabel: 'Note (optional)',
  noQuickCases: 'There are no quick cases in the catalogue.',
  templateTitle: 'Case from a template',
  templatePrompt: 'Pick a template; it fills in area, priority, group and title. Then the usual questions follow.',
  templatePromptOrders:
    'Pick a template. One marked "opens the order form" opens the equipment order form, pre-filled from the ' +
    'template; the others fill in area, priority, group and title, then the usual questions follow.',
  templateOpensOrder: 'opens the order form',
  templateLabel: 'Template',
  noTemplates: 'There are no case templates in the catalogue.',
  staffQuick: 'Quick case',
  staffTemplate: 'From a template',
  staffOnBehalf: 'On behalf of someone',
  required: 'This answer is required. Please write a few words.',
  requiredNoSkip: 'This question is required and cannot be skipped.',
  tooLong: ({ max, length }) => `That is too long: ${length} characters, at most ${max}. Please shorten it.`,
  shortened: ({ max, length }) =>
    `Your message was ${length.toLocaleString('en-GB')} characters long; a description holds at most ` +
    `${max.toLocaleString('en-GB')}, so I kept the first ${max.toLocaleString('en-GB')}. Add what is missing in ` +
    'your answers to the questions (or with "add" once the case is registered).',
  notAnOption: ({ options }) => `Please choose one of the options: ${options}.`,
  dateFormat: 'Please write the date as YYYY-MM-DD, e.g. 2025-03-14.',
  dateNotReal: (date) => `${date} is not a real date. Please check the day and month.`,
  dateRange: ({ from, to }) => `That date looks wrong. Please give a date between ${from} and ${to}.`,
  yesNo: 'Please answer yes or no.',
};

const da: IntakeMessages = {
  newCaseTitle: 'Ny sag',
  progress: ({ step, of }) => `trin ${step} af ${of}`,
  next: 'Næste',
  skip: 'Spring over',
  back: 'Tilbage',
  cancel: 'Annuller',
  confirm: 'Registrer sagen',
  edit: 'Ret det valgte trin',
  start: 'Meld et problem',
  notSolved: 'Nej, ingen af dem hjalp',
  solvedBy: (title) => `Det løste det: ${title}`,
  describePrompt: 'Hvad er problemet? En eller to sætninger er nok; jeg foreslår, hvor det hører til.',
  describeLabel: 'Kort beskrivelse',
  describePlaceholder: 'fx "Printeren på 3. sal printer ikke"',
  categoryPromptGuess: (names) =>
    `Det lyder som ${names}. Vælg det område, der passer bedst; alle områder er på listen.`,
  categoryPromptAll: 'Hvilket område drejer det sig om?',
  categoryLabel: 'Område',
  typePrompt: ({ category, type }) =>
    `Sager om ${category} registreres normalt som: ${type}. Skift, hvis det ikke passer.`,
  typeLabel: 'Sagstype',
  typeNames: {
    incident: 'Hændelse: noget er i stykker eller virker ikke, som det skal',
    service_request: 'Serviceanmodning: du har brug for noget (adgang, rådgivning, udstyr)',
  },
  typeShort: { incident: 'Hændelse', service_request: 'Serviceanmodning' },
  questionOptional: 'Du kan springe spørgsmålet over.',
  yes: 'Ja',
  no: 'Nej',
  skipped: '(sprunget over)',
  knowledgeTitle: 'Kendte løsninger',
  knowledgeIntro: 'Før jeg registrerer sagen: en af disse kendte løsninger kan måske klare det med det samme.',
  urgencyPrompt: 'Hvor meget forhindrer det dig? Vælg det, der passer bedst.',
  urgencyLabel: 'Hvor hastende er det?',
  summaryTitle: 'Tjek din sag',
  summaryPrompt: 'Det her registrerer jeg. Registrer sagen, ret et trin, eller annuller.',
  editLabel: 'Ret et trin',
  factCategory: 'Område',
  factType: 'Type',
  factUrgency: 'Hastegrad',
  factPriority: 'Prioritet',
  factUser: 'Bruger',
  factReporter: 'Anmeldt af',
  factChannel: 'Henvendelse via',
  factTemplate: 'Skabelon',
  factNumber: 'Sagsnummer',
  factAttachments: 'Vedhæftede filer',
  factGroup: 'Behandles af',
  channelNames: { phone: 'Telefon', desk: 'Personligt fremmøde' },
  doneTitle: 'Din sag er registreret',
  doneText: ({ number, group }) =>
    `Din sag er registreret som ${number}, og ${group} har den. Det sker nu: en navngiven person fra gruppen ` +
    'skriver til dig, når arbejdet går i gang, og du hører fra os igen, når det er løst. Se den med ' +
    `"status ${number}"; vil du tilføje noget, så skriv "tilføj ${number} …" når som helst.`,
  doneOnBehalfText: ({ number, group, user }) =>
    `Sagen er registreret som ${number} for ${user}, og ${group} har den. ${user} får en kvittering og hører fra ` +
    'den, der tager sagen.',
  deflectedTitle: 'Godt, at det hjalp',
  deflectedText: ({ number }) =>
    `Jeg har registreret det som ${number}, allerede løst, så vi kan se, hvilke løsninger der hjælper. Du skal ` +
    'ikke gøre mere. Skriv til mig igen, hvis problemet vender tilbage.',
  deflectedSolution: (title) => `Løst af brugeren med den kendte løsning "${title}".`,
  deflectedForTitle: 'Registreret som løst',
  deflectedForText: ({ number, user }) =>
    `Sagen er registreret som ${number} for ${user}, løst med den kendte løsning. ${user} får en kvittering med ` +
    'nummeret og løsningen.',
  deflectedForSolution: (title) => `Løst på stedet med den kendte løsning "${title}".`,
  quickDoneTitle: 'Kviksag registreret',
  quickDoneText: ({ number, title }) => `Registreret som ${number} (${title}), løst på stedet.`,
  quickAgain: ({ title }) => `Én mere: ${title}`,
  cancelledTitle: 'Annulleret',
  cancelledText: 'Intet blev registreret. Skriv til mig igen, når du har brug for hjælp.',
  nothingToCancel: 'Der er intet at annullere. Beskriv et problem, når du vil melde et.',
  nothingToGoBackTo: 'Det her er første trin; der er intet at gå tilbage til.',
  staleForm: 'Den formular hører til et tidligere trin. Her er vi nu.',
  earlierDraft:
    'Den formular hører til en tidligere henvendelse, så intet er ændret. Brug den seneste besked for at ' +
    'fortsætte med den henvendelse, du er i gang med nu.',
  earlierDraftForm:
    'Den formular hører til en tidligere henvendelse, så intet er ændret. Her er den henvendelse, du er i gang med nu.',
  majorOver:
    'Den driftsforstyrrelse blev løst for et øjeblik siden. Har du stadig problemet, så lad os fortsætte og ' +
    'registrere det.',
  majorAlreadyJoined: ({ number, parent }) =>
    `Du er allerede på listen over berørte (${number}, en del af ${parent}). Du hører fra os, når det er løst.`,
  orderOfferTitle: 'Udstyr bestilles med bestillingsformularen',
  orderOfferText: ({ threshold }) =>
    'Indkøb af udstyr går gennem bestillingsformularen: vælg varer fra kataloget med pris og leveringstid, ' +
    `eller beskriv andet som specialudstyr. Bestillinger over ${threshold} og alt specialudstyr skal ` +
    'godkendes af lederen; derefter bestiller Indkøb det og giver besked, når det er klar.',
  orderOfferOnBehalf: ({ name, forOther }) => `Vil du bestille til ${name}, så vælg "${forOther}" i formularen.`,
  orderOfferNote: 'Det, du skrev, følger med bestillingen til Indkøb.',
  orderOfferNotPurchase:
    'Er det ikke et indkøb? Gå tilbage og vælg et andet område. Du kan også altid skrive "bestil".',
  orderOfferStart: 'Bestil udstyr',
  orderOfferBack: 'Vælg et andet område',
  endedText: 'Den samtale er afsluttet. Start en ny sag, når du har brug for hjælp.',
  storeDownTitle: 'Kunne ikke registrere lige nu',
  storeDownText:
    'Jeg kunne ikke gemme det lige nu: vores sagssystem svarer ikke. Dine svar er gemt; prøv igen om et øjeblik.',
  storeDownAnswerTitle: 'Ikke gemt',
  storeDownAnswer:
    'Vores sagssystem svarer ikke lige nu, så det blev ikke gemt. Intet af det, du har sendt før, er gået tabt. ' +
    'Send det igen om et øjeblik.',
  storeDownAnswerForm:
    'Vores sagssystem svarer ikke lige nu, så det blev ikke gemt. Intet af det, du har sendt før, er gået tabt, og ' +
    'det, du skrev, står nedenfor: Send det igen om et øjeblik.',
  storeDownNew: 'Jeg kan ikke tage imod nye sager lige nu: vores sagssystem svarer ikke. Prøv igen om et øjeblik.',
  tryAgain: 'Prøv igen',
  helpTitle: 'Hjælp',
  helpText:
    'Jeg registrerer IT-sager for AU IT. Skriv "tilbage" for at gå et trin tilbage, "annuller" for at stoppe uden ' +
    'at registrere, "spring over" ved et valgfrit spørgsmål og "hjælp" for denne tekst. Dine svar gemmes i 24 timer.',
  helpStep: {
    describe: 'Nu: beskriv problemet med en sætning eller to.',
    category: 'Nu: vælg det område, problemet hører til (et nummer eller navnet virker også).',
    type: 'Nu: tjek sagstypen. Skriv "næste" for at beholde den.',
    question: 'Nu: besvar spørgsmålet. Skriv dit svar som en besked eller brug formularen.',
    knowledge: 'Nu: sig, om en af de kendte løsninger løste det (dens nummer), eller "nej" for at gå videre.',
    urgency: 'Nu: vælg, hvor meget problemet forhindrer dig (1, 2 eller 3).',
    summary: 'Nu: tjek oversigten og registrer sagen ("bekræft"), ret et trin, eller annuller.',
    staff: 'Nu: foretag valget i formularen.',
  },
  idleHelp:
    'Jeg registrerer IT-sager for AU IT. Beskriv dit problem i en besked, fx "Outlook kan ikke finde serveren", ' +
    'så guider jeg dig gennem nogle få spørgsmål. Skriv "ny" for at starte uden beskrivelse, "status INC-000123" ' +
    'for at se en sag, "tilføj INC-000123 …" for at tilføje noget til den, "mit" for dine sager eller "bestil" ' +
    'for at bestille udstyr.',
  expiredTitle: 'Dit tidligere udkast er udløbet',
  expiredText: ({ hours }) =>
    `Der skete ikke noget i udkastet i ${hours} timer, så jeg er startet forfra. Her er, hvad du havde svaret; ` +
    'svarene er udfyldt igen, hvor de samme spørgsmål kommer:',
  expiredNothing: 'Der var ikke svaret på noget endnu.',
  restartedNote: 'Startet forfra; det tidligere udkast er kasseret.',
  templateKeptPerson: (name) =>
    `Startet forfra fra en skabelon, stadig for ${name}; resten af det tidligere udkast er kasseret.`,
  templateContactTaken: (channel) =>
    `Henvendelse via: ${channel}, som kontakttrinnet foreslår. Var det anderledes, så ret det fra sagens ` +
    'oversigt (en bestilling fra en skabelon spørger ikke om det).',
  formClosedKept: 'Dine svar er gemt: åbn formularen igen for at fortsætte.',
  resumedNote:
    'Her er den sag, du var begyndt på; dine svar er gemt. Fortsæt, eller tryk på den røde Annuller-knap nedenfor ' +
    'for at starte forfra.',
  staffOnly: 'Kun supportmedarbejdere kan registrere sager på andres vegne, kviksager eller fra skabeloner.',
  onBehalfPrompt: 'Hvem er sagen til? Skriv et navn eller en e-mailadresse.',
  onBehalfLabel: 'Navn eller e-mail',
  onBehalfNone: (query) => `Jeg fandt ingen, der matcher "${query}". Prøv et andet navn eller e-mailadressen.`,
  onBehalfChoose: (query) => `Flere personer matcher "${query}". Hvem er det?`,
  personLabel: 'Person',
  channelPrompt: (name) => `Hvordan kontaktede ${name} os?`,
  channelLabel: 'Henvendelse',
  quickTitle: 'Kviksag',
  quickPrompt: 'Vælg, hvad der blev løst på stedet. Den registreres som løst med det samme, uden navn.',
  quickLabel: 'Kviksag',
  noteLabel: 'Note (valgfri)',
  noQuickCases: 'Der er ingen kviksager i kataloget.',
  templateTitle: 'Sag fra skabelon',
  templatePrompt:
    'Vælg en skabelon; den udfylder område, prioritet, gruppe og titel. Derefter kommer de sædvanlige spørgsmål.',
  templatePromptOrders:
    'Vælg en skabelon. En markeret "åbner bestillingsformularen" åbner formularen til bestilling af udstyr, ' +
    'udfyldt fra skabelonen; de andre udfylder område, prioritet, gruppe og titel, og derefter kommer de ' +
    'sædvanlige spørgsmål.',
  templateOpensOrder: 'åbner bestillingsformularen',
  templateLabel: 'Skabelon',
  noTemplates: 'Der er ingen sagsskabeloner i kataloget.',
  staffQuick: 'Kviksag',
  staffTemplate: 'Fra skabelon',
  staffOnBehalf: 'På vegne af en anden',
  required: 'Spørgsmålet skal besvares. Skriv venligst et par ord.',
  requiredNoSkip: 'Spørgsmålet skal besvares og kan ikke springes over.',
  tooLong: ({ max, length }) => `Det er for langt: ${length} tegn, højst ${max}. Forkort det venligst.`,
  shortened: ({ max, length }) =>
    `Din besked var ${length.toLocaleString('da-DK')} tegn lang; en beskrivelse kan højst være ` +
    `${max.toLocaleString('da-DK')}, så jeg har beholdt de første ${max.toLocaleString('da-DK')}. Skriv det, der ` +
    'mangler, i dine svar på spørgsmålene (eller med "tilføj", når sagen er registreret).',
  notAnOption: ({ options }) => `Vælg venligst en af mulighederne: ${options}.`,
  dateFormat: 'Skriv venligst datoen som ÅÅÅÅ-MM-DD, fx 2025-03-14.',
  dateNotReal: (date) => `${date} er ikke en rigtig dato. Tjek dag og måned.`,
  dateRange: ({ from, to }) => `Datoen ser forkert ud. Angiv en dato mellem ${from} og ${to}.`,
  yesNo: 'Svar venligst ja eller nej.',
};

/** The intake texts in Danish and English. */
export const intakeMessages: Record<Locale, IntakeMessages> = { da, en };
