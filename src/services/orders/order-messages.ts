import type { Locale } from '../../models/case.js';
import { businessDays } from '../i18n.js';

/**
 * Every text of equipment orders (issue 11), in Danish and English. People are named (PROCESS.md, principle 3);
 * user text (special items, reasons, places) is passed in as data and never interpreted.
 */
interface On {
  number: string;
}

const en = {
  // -- the order conversation --
  itemsTitle: 'Order equipment',
  itemsText:
    'Enter how many of each item you need (leave the rest blank). Anything not in the catalogue? Describe it as a special item and say why it is needed: special items need your manager’s approval.',
  itemLabel: (p: { name: string; price: string; delivery: string }) => `${p.name} (${p.price}, ${p.delivery})`,
  inStock: 'in stock',
  leadTime: (p: { days: number }) => businessDays.en(p.days),
  specialLabel: 'Special item (describe it)',
  justificationLabel: 'Why is the special item needed?',
  specialQuantityLabel: 'How many of the special item?',
  next: 'Next',
  back: 'Back',
  cancel: 'Cancel',
  confirm: 'Send order',
  detailsTitle: 'Who is it for, and where should it go?',
  detailsText: 'The cost centre is the 4-10 digit number (sted- or projektnummer) the order is charged to.',
  forWhomLabel: 'For whom?',
  forSelf: 'For me',
  forOther: 'For someone else',
  onBehalfLabel: 'Name or e-mail of the person (when for someone else)',
  facultyLabel: 'Faculty (decides which purchasing desk gets the order)',
  faculties: {
    arts: 'Arts',
    bss: 'Aarhus BSS',
    he: 'Health',
    st: 'Natural Sciences / Technical Sciences',
    unknown: 'Don’t know / central administration',
  },
  locationLabel: 'Delivery location (building and room, e.g. 1481-235)',
  costCentreLabel: 'Cost centre',
  personTitle: 'Which person?',
  personText: (p: { query: string }) => `Several people match "${p.query}". Who is the order for?`,
  personLabel: 'Person',
  summaryTitle: 'Your order',
  summaryText: 'Check the order and send it. The purchasing desk will keep you posted here in the chat.',
  /** `stock`: every item comes from the desk's stock (`fromStock`), so nothing is placed with a vendor. */
  summaryApproval: (p: { approver: string; stock?: boolean }) =>
    p.stock
      ? `The order needs approval by ${p.approver} before it is taken from stock and handed out.`
      : `The order needs approval by ${p.approver} before it is placed.`,
  factItems: 'Items',
  factTotal: 'Total (excl. VAT)',
  factSpecialPrice: 'special item priced by purchasing',
  factJustification: 'Why the special item is needed',
  /** What the person wrote at the intake before the order form (`OrderState.note`): on the summary, the case. */
  factNote: 'What you wrote',
  /** `template`: the case template's name, when the note is its description (`OrderState.template`). */
  descriptionNote: (p: { text: string; template?: string }) =>
    p.template ? `From the case template "${p.template}": ${p.text}` : `Written with the order: ${p.text}`,
  /** The summary's label of the note when it is a case template's description. */
  factTemplateNote: 'From the template',
  /** Above the item step of an order started from a case template (staff). */
  fromTemplate: (p: { name: string }) =>
    `Started from the template "${p.name}": its items are filled in. Change them as needed.`,
  factExpected: 'Expected ready',
  factFor: 'For',
  factLocation: 'Delivery',
  factCostCentre: 'Cost centre',
  factApprover: 'Approval by',
  factNumber: 'Number',
  doneTitle: (p: On) => `Order ${p.number} sent`,
  doneText: (p: { number: string; group: string; expected: string; approver?: string; stock?: boolean }) =>
    p.approver
      ? p.stock
        ? `Order ${p.number} is registered and waits for ${p.approver}'s approval. When it is approved, ${p.group} takes it from stock and prepares it; expected ready for hand-out around ${p.expected}. You will hear from a named person when and where you can collect it.`
        : `Order ${p.number} is registered and waits for ${p.approver}'s approval. When it is approved, ${p.group} places it; expected ready around ${p.expected}.`
      : p.stock
        ? `Order ${p.number} is registered with ${p.group}, which takes it from stock. Expected ready for hand-out ${p.expected}. You will hear from a named person when and where you can collect it.`
        : `Order ${p.number} is registered with ${p.group}. Expected ready ${p.expected}. You will hear from a named person when it is ready for hand-out.`,
  cancelledTitle: 'Order cancelled',
  cancelledText: 'Nothing was ordered. Start again with "order" whenever you like.',
  endedText: 'That order form is no longer active. Start a new order with the button.',
  startLabel: 'New order',
  staleForm: 'That form belongs to another step of the order; here is the current one.',
  earlierOrder:
    'That form belongs to an earlier order that is no longer open, so nothing was done with it. Here is the order open now.',
  nothingToGoBackTo: 'This is the first step.',
  storeDownSend:
    'I could not send your order right now: our case system is not answering. Your answers are kept: press "Send order" again in a moment (the order is registered only once).',
  storeDownStep:
    'I could not save your order right now: our case system is not answering. Your answers are kept (what you wrote is still in the form): try again in a moment.',
  storeDownAgain:
    'Our case system is not answering right now, so that was not done. Your order is kept as it was: please try again in a moment.',
  storeDownNew: 'I cannot start an order right now: our case system is not answering. Please try again in a moment.',
  tryAgain: 'Try again',
  /** A "Try again" that could not carry everything typed (a Slack button holds 2000 characters): which fields, known. */
  retypeMarked:
    'Not everything you typed could be kept: it was too long to go with the "Try again" button. Please type the fields marked below again; the rest is filled in as you typed it.',
  /** … and when even which fields could not be told. */
  retypeAll:
    'What you typed could not be kept: it was too long to go with the "Try again" button. Please type it into the form again.',
  retypeField: 'Could not be kept: please type this again.',
  useTheForm: 'Fill in the form, or write e.g. "2 x dock-thinkpad-usb-c". "cancel" stops the order.',
  noApprover:
    'Nobody but you (or the person the order is for) could approve this order, so it cannot be sent here. Please contact the purchasing desk directly.',
  // -- validation --
  badQuantity: (p: { name: string; min: number; max: number }) =>
    `${p.name}: the quantity must be a whole number from ${p.min} to ${p.max} (leave it blank for none).`,
  unknownItem: (p: { item: string }) => `"${p.item}" is not in the catalogue. Describe it as a special item instead.`,
  noItems: 'Choose at least one item, or describe a special item.',
  justificationRequired: 'Say why the special item is needed: your manager decides on it.',
  tooLong: (p: { max: number }) => `At most ${p.max} characters.`,
  required: 'This is required.',
  costCentreFormat: 'A cost centre is 4 to 10 digits, e.g. 1234 or 5123456789.',
  onBehalfRequired: 'Give the name or e-mail of the person the order is for.',
  onBehalfNone: (p: { query: string }) => `Nobody in the directory matches "${p.query}".`,
  notAnOption: (p: { options: string }) => `Choose one of: ${p.options}.`,
  // -- approval --
  approvalTitle: (p: On) => `Approve order ${p.number}?`,
  approvalText: (p: { number: string; requester: string; forWhom?: string; total: string; asked: string }) =>
    `${p.requester} has ordered equipment${p.forWhom ? ` for ${p.forWhom}` : ''} (${p.number}, ${p.total}). ${p.asked}`,
  /** Why the reader of the approval card is asked: the user's manager, a fallback approver, the purchasing desk. */
  askedManager: (p: { forWhom?: string; why: string }) =>
    `As ${p.forWhom ? `${p.forWhom}'s` : 'their'} manager you are asked to approve it (${p.why}).`,
  askedFallback: (p: { forWhom?: string; why: string }) =>
    `No manager of ${p.forWhom ?? 'theirs'} can be asked (none is known, or only the one who ordered), so you are asked to approve it in their place (${p.why}).`,
  askedDesk: (p: { why: string }) => `It needs approval (${p.why}).`,
  approvalReminderText: (p: { number: string; requester: string; days: number }) =>
    `Reminder: ${p.requester}'s order ${p.number} has waited ${businessDays.en(p.days)} for your approval.`,
  whyThreshold: (p: { threshold: string }) => `above ${p.threshold}`,
  whySpecial: 'it has a special item',
  whyBoth: (p: { threshold: string }) => `above ${p.threshold} and with a special item`,
  approve: 'Approve',
  reject: 'Reject',
  rejectReasonLabel: 'Reason (required to reject)',
  approvedUser: (p: { number: string; approver: string; expected: string; stock?: boolean }) =>
    p.stock
      ? `${p.approver} has approved your order ${p.number}. The purchasing desk takes it from stock and prepares it; expected ready for hand-out ${p.expected}. You will hear from a named person when and where you can collect it.`
      : `${p.approver} has approved your order ${p.number}. The purchasing desk places it now; expected ready ${p.expected}.`,
  rejectedUser: (p: { number: string; approver: string; reason: string }) =>
    `${p.approver} has rejected your order ${p.number}:\n\n${p.reason}\n\nNothing will be bought. Talk to ${p.approver} if you disagree, or place a new order.`,
  /** Added to `rejectedUser` for a named case owner who placed the order (it is back with them to close). */
  rejectedOwner: 'The case is back with you: close it from its card.',
  approvedReply: (p: On) => `Thank you. Order ${p.number} is approved and the requester is told.`,
  rejectedReply: (p: On) => `Order ${p.number} is rejected and the requester is told why.`,
  approvedThread: (p: { who: string; stock?: boolean }) =>
    p.stock
      ? `Approved by ${p.who}. The equipment can be taken from stock and prepared for hand-out.`
      : `Approved by ${p.who}. The order can be placed.`,
  rejectedThread: (p: { who: string; reason: string }) => `Rejected by ${p.who}: ${p.reason}`,
  rejectedSolution: (p: { who: string; reason: string }) => `Order rejected by ${p.who}: ${p.reason}`,
  pendingThread: (p: { approver: string; stock?: boolean }) =>
    p.stock
      ? `Waiting for approval by ${p.approver}; do not hand anything out from stock yet.`
      : `Waiting for approval by ${p.approver}; do not place the order yet.`,
  /** Who approves when the approver was erased while the order waited (`Approval.desk`). */
  deskApprover: 'the purchasing desk',
  approvalToDesk: (p: On) =>
    `The approver of order ${p.number} was erased on request while the order waited for approval, so the purchasing desk decides now: approve or reject it here.`,
  escalatedThread: (p: { approver: string; days: number }) =>
    `${p.approver} has not answered the approval request for ${businessDays.en(p.days)}. Please follow up with them or the requester.`,
  notApprover: (p: { number: string; approver: string }) =>
    `Thanks for wanting to help, but only ${p.approver} can approve or reject order ${p.number}.`,
  ownOrder: (p: On) =>
    `You cannot approve or reject order ${p.number}: it is your own order, or one you placed for someone else. Ask the approver named on the order, or the purchasing desk.`,
  alreadyDecided: (p: { number: string; state: string }) => `Order ${p.number} has already been ${p.state}.`,
  finishedUndecided: (p: { number: string; status: string }) =>
    `Order ${p.number} is already ${p.status}: the purchasing desk finished it before a decision was made, so no decision is needed any more.`,
  stateWords: {
    approved: 'approved',
    rejected: 'rejected',
    not_needed: 'accepted without approval',
    pending: 'left pending',
  },
  // -- fulfilment --
  panelTitle: (p: On) => `Order ${p.number}`,
  panelOrder: 'Place the order with the vendor, or mark it ready when it comes from stock.',
  /** The first panel of an order of only in-stock items (`fromStock`): nothing is to be placed with a vendor. */
  panelStock:
    'Everything is in stock: take it from stock, prepare it and mark it ready for hand-out, with 1-3 times you can offer set-up help. Only if the stock has run out, order it from the vendor instead.',
  panelReceived: 'Mark the order received when the vendor delivers, or give a new date if it slips.',
  panelReady: 'Prepare the equipment and mark it ready for hand-out, with 1-3 times you can offer set-up help.',
  panelHandout: 'Mark it handed out when the requester has the equipment.',
  vendorLabel: 'Vendor',
  referenceLabel: 'Vendor reference (order number)',
  expectedLabel: 'Expected delivery date',
  newExpectedLabel: 'New expected date',
  slipReasonLabel: 'Why (shown to the requester)',
  slotLabel: (p: { n: number }) => `Set-up time ${p.n}${p.n > 1 ? ' (optional)' : ''}`,
  placeLabel: 'Pick-up place (optional)',
  markOrdered: 'Ordered from vendor',
  markReceived: 'Received',
  markReady: 'Ready for hand-out',
  markSlipped: 'New delivery date',
  markHandout: 'Handed out',
  orderedUser: (p: { number: string; who: string; vendor: string; expected: string }) =>
    `${p.who} has ordered your equipment (${p.number}) from ${p.vendor}. Expected delivery: ${p.expected}.`,
  receivedUser: (p: { number: string; who: string }) =>
    `Your equipment for ${p.number} has arrived. ${p.who} is preparing it and tells you when you can collect it.`,
  handedOutReporter: (p: { number: string; who: string; forWhom: string }) =>
    `${p.who} has handed out the equipment you ordered for ${p.forWhom} (${p.number}). ${p.forWhom} is offered set-up help and asked whether it works.`,
  readyUser: (p: { number: string; who: string; place?: string }) =>
    `Your equipment for ${p.number} is ready for hand-out${p.place ? ` at ${p.place}` : ''}. Contact ${p.who} to collect it.`,
  slippedUser: (p: { number: string; who: string; from: string; to: string; reason?: string }) =>
    `${p.who}: the delivery of your order ${p.number} is late. It was expected ${p.from}, now ${p.to}.${p.reason ? `\n\n${p.reason}` : ''}`,
  questionDropped: (p: { by: string; question: string }) =>
    `You need not answer the question from ${p.by} any more ("${p.question}").`,
  earlierUser: (p: { number: string; who: string; from: string; to: string; reason?: string }) =>
    `${p.who}: good news, your order ${p.number} comes sooner. It was expected ${p.from}, now ${p.to}.${p.reason ? `\n\n${p.reason}` : ''}`,
  handoutSolution: (p: { items: string; who: string }) => `Handed out by ${p.who}: ${p.items}.`,
  setupTitle: (p: On) => `Set-up help for ${p.number}?`,
  setupText: (p: { number: string; who: string }) =>
    `${p.who} has handed out your equipment (${p.number}). Would you like help setting it up? Pick a time, or let us know you will manage.`,
  setupAt: (p: { slot: string }) => `Help me at ${p.slot}`,
  selfSetup: 'I’ll manage myself',
  setupHelpReply: (p: { number: string; slot: string; group: string }) =>
    `Booked: ${p.group} helps you set up your equipment (${p.number}) at ${p.slot}.`,
  selfSetupReply: (p: On) => `Noted: you set it up yourself (${p.number}). Write to us if you get stuck.`,
  setupHelpThread: (p: { user: string; slot: string }) => `${p.user} would like set-up help at ${p.slot}.`,
  selfSetupThread: (p: { user: string }) => `${p.user} will set the equipment up themselves.`,
  orderedThread: (p: { who: string; vendor: string; reference?: string; expected: string }) =>
    `${p.who} ordered from ${p.vendor}${p.reference ? ` (${p.reference})` : ''}; expected ${p.expected}.`,
  receivedThread: (p: { who: string }) => `${p.who} marked the order received.`,
  readyThread: (p: { who: string; slots: string }) =>
    `${p.who} marked it ready for hand-out. Set-up times: ${p.slots}.`,
  slippedThread: (p: { who: string; to: string }) => `${p.who}: delivery slips to ${p.to}; the requester is told.`,
  earlierThread: (p: { who: string; to: string }) =>
    `${p.who}: delivery moved earlier, to ${p.to}; the requester is told.`,
  handoutThread: (p: { who: string }) => `${p.who} handed the equipment out; the requester is offered set-up help.`,
  // -- escalated to another group: the line under "escalated to this group" in the new group's thread --
  escalatedQuestion: (p: { question: string }) => `Was awaiting the user (the question "${p.question}" is withdrawn).`,
  escalatedWithVendor: (p: { vendor: string }) =>
    `Ordered from ${p.vendor}: it stays Awaiting vendor. Mark it received from the order panel below when it comes.`,
  escalatedReceived:
    'Received from the vendor: it starts here as Registered. Mark it ready for hand-out from the order panel below.',
  escalatedReady: (p: { place?: string }) =>
    `Ready for hand-out${p.place ? ` at ${p.place}` : ''}: it starts here as Registered. Mark it handed out from the order panel below when the requester has it.`,
  stepDone: (p: On) => `Done: ${p.number} is updated and the requester is told.`,
  // -- refusals --
  deskOnly: (p: { number: string; group: string }) => `Only ${p.group} can update the delivery of order ${p.number}.`,
  requesterOnly: (p: On) => `Only the person the order ${p.number} is for can answer this.`,
  awaitingApproval: (p: { number: string; approver: string }) =>
    `Order ${p.number} still waits for approval by ${p.approver}.`,
  wasRejected: (p: On) => `Order ${p.number} was rejected; there is nothing to deliver.`,
  notNow: (p: { number: string; what: string }) =>
    `Order ${p.number}: "${p.what}" does not fit where the order is now.`,
  badDate: (p: { date: string }) => `${p.date} is not a date.`,
  pastDate: (p: { date: string }) => `${p.date} is in the past.`,
  sameDate: (p: { date: string }) => `The order is already expected ${p.date}.`,
  notAnOrder: (p: On) => `${p.number} is not an equipment order.`,
  notFound: 'That order no longer exists.',
  unknownSlot: (p: { slots: string }) => `Choose one of the offered times: ${p.slots}.`,
  setupChosen: (p: On) => `You have already answered the set-up offer for ${p.number}.`,
};

export type OrderMessages = typeof en;

const da: OrderMessages = {
  itemsTitle: 'Bestil udstyr',
  itemsText:
    'Skriv hvor mange du skal bruge af hver (lad resten stå tomme). Er det ikke i kataloget? Beskriv det som specialudstyr og skriv hvorfor: specialudstyr skal godkendes af din leder.',
  itemLabel: (p) => `${p.name} (${p.price}, ${p.delivery})`,
  inStock: 'på lager',
  leadTime: (p) => businessDays.da(p.days),
  specialLabel: 'Specialudstyr (beskriv det)',
  justificationLabel: 'Hvorfor er der brug for specialudstyret?',
  specialQuantityLabel: 'Hvor mange af specialudstyret?',
  next: 'Næste',
  back: 'Tilbage',
  cancel: 'Annuller',
  confirm: 'Send bestilling',
  detailsTitle: 'Hvem er det til, og hvor skal det leveres?',
  detailsText: 'Stedet er det 4-10-cifrede sted- eller projektnummer, bestillingen konteres på.',
  forWhomLabel: 'Til hvem?',
  forSelf: 'Til mig',
  forOther: 'Til en anden',
  onBehalfLabel: 'Navn eller e-mail på personen (hvis til en anden)',
  facultyLabel: 'Fakultet (afgør hvilket indkøb der får bestillingen)',
  faculties: {
    arts: 'Arts',
    bss: 'Aarhus BSS',
    he: 'Health',
    st: 'Natural Sciences / Technical Sciences',
    unknown: 'Ved ikke / fællesadministrationen',
  },
  locationLabel: 'Leveringssted (bygning og lokale, fx 1481-235)',
  costCentreLabel: 'Sted-/projektnummer',
  personTitle: 'Hvilken person?',
  personText: (p) => `Flere personer passer på "${p.query}". Hvem er bestillingen til?`,
  personLabel: 'Person',
  summaryTitle: 'Din bestilling',
  summaryText: 'Tjek bestillingen og send den. Indkøb holder dig orienteret her i chatten.',
  summaryApproval: (p) =>
    p.stock
      ? `Bestillingen skal godkendes af ${p.approver}, før udstyret tages fra lager og udleveres.`
      : `Bestillingen skal godkendes af ${p.approver}, før den afgives.`,
  factItems: 'Varer',
  factTotal: 'I alt (ekskl. moms)',
  factSpecialPrice: 'specialudstyr prissættes af indkøb',
  factJustification: 'Hvorfor specialudstyret er nødvendigt',
  factNote: 'Det, du skrev',
  descriptionNote: (p) =>
    p.template ? `Fra sagsskabelonen "${p.template}": ${p.text}` : `Skrevet med bestillingen: ${p.text}`,
  factTemplateNote: 'Fra skabelonen',
  fromTemplate: (p) => `Startet fra skabelonen "${p.name}": dens varer er udfyldt. Ret dem efter behov.`,
  factExpected: 'Forventet klar',
  factFor: 'Til',
  factLocation: 'Levering',
  factCostCentre: 'Sted-/projektnummer',
  factApprover: 'Godkendes af',
  factNumber: 'Nummer',
  doneTitle: (p) => `Bestilling ${p.number} er sendt`,
  doneText: (p) =>
    p.approver
      ? p.stock
        ? `Bestilling ${p.number} er registreret og venter på godkendelse fra ${p.approver}. Når den er godkendt, tager ${p.group} udstyret fra lager og klargør det; forventet klar til udlevering omkring ${p.expected}. Du hører fra en navngiven medarbejder, hvor og hvornår du kan hente det.`
        : `Bestilling ${p.number} er registreret og venter på godkendelse fra ${p.approver}. Når den er godkendt, afgiver ${p.group} den; forventet klar omkring ${p.expected}.`
      : p.stock
        ? `Bestilling ${p.number} er registreret hos ${p.group}, der tager udstyret fra lager. Forventet klar til udlevering ${p.expected}. Du hører fra en navngiven medarbejder, hvor og hvornår du kan hente det.`
        : `Bestilling ${p.number} er registreret hos ${p.group}. Forventet klar ${p.expected}. Du hører fra en navngiven medarbejder, når den er klar til udlevering.`,
  cancelledTitle: 'Bestilling annulleret',
  cancelledText: 'Intet er bestilt. Start igen med "bestil", når du vil.',
  endedText: 'Den bestillingsformular er ikke længere aktiv. Start en ny bestilling med knappen.',
  startLabel: 'Ny bestilling',
  staleForm: 'Den formular hører til et andet trin af bestillingen; her er det aktuelle.',
  earlierOrder:
    'Den formular hører til en tidligere bestilling, som ikke længere er åben, så der skete intet. Her er den bestilling, der er åben nu.',
  nothingToGoBackTo: 'Dette er første trin.',
  storeDownSend:
    'Jeg kunne ikke sende din bestilling lige nu: vores sagssystem svarer ikke. Dine svar er gemt: tryk "Send bestilling" igen om et øjeblik (bestillingen registreres kun én gang).',
  storeDownStep:
    'Jeg kunne ikke gemme din bestilling lige nu: vores sagssystem svarer ikke. Dine svar er gemt (det, du skrev, står stadig i formularen): prøv igen om et øjeblik.',
  storeDownAgain:
    'Vores sagssystem svarer ikke lige nu, så det blev ikke gjort. Din bestilling er gemt, som den var: prøv igen om et øjeblik.',
  storeDownNew: 'Jeg kan ikke starte en bestilling lige nu: vores sagssystem svarer ikke. Prøv igen om et øjeblik.',
  tryAgain: 'Prøv igen',
  retypeMarked:
    'Ikke alt, hvad du skrev, kunne gemmes: det var for langt til at følge med knappen "Prøv igen". Skriv venligst de markerede felter igen; resten står, som du skrev det.',
  retypeAll:
    'Det, du skrev, kunne ikke gemmes: det var for langt til at følge med knappen "Prøv igen". Skriv det venligst i formularen igen.',
  retypeField: 'Kunne ikke gemmes: skriv det venligst igen.',
  useTheForm: 'Udfyld formularen, eller skriv fx "2 x dock-thinkpad-usb-c". "annuller" stopper bestillingen.',
  noApprover:
    'Ingen andre end dig (eller den, bestillingen er til) kan godkende denne bestilling, så den kan ikke sendes herfra. Kontakt Indkøb direkte.',
  badQuantity: (p) =>
    `${p.name}: antallet skal være et helt tal fra ${p.min} til ${p.max} (lad feltet stå tomt for ingen).`,
  unknownItem: (p) => `"${p.item}" er ikke i kataloget. Beskriv det som specialudstyr i stedet.`,
  noItems: 'Vælg mindst én vare, eller beskriv specialudstyr.',
  justificationRequired: 'Skriv hvorfor der er brug for specialudstyret: din leder tager stilling til det.',
  tooLong: (p) => `Højst ${p.max} tegn.`,
  required: 'Skal udfyldes.',
  costCentreFormat: 'Et sted-/projektnummer er 4 til 10 cifre, fx 1234 eller 5123456789.',
  onBehalfRequired: 'Skriv navn eller e-mail på den, bestillingen er til.',
  onBehalfNone: (p) => `Ingen i adressebogen passer på "${p.query}".`,
  notAnOption: (p) => `Vælg en af: ${p.options}.`,
  approvalTitle: (p) => `Godkend bestilling ${p.number}?`,
  approvalText: (p) =>
    `${p.requester} har bestilt udstyr${p.forWhom ? ` til ${p.forWhom}` : ''} (${p.number}, ${p.total}). ${p.asked}`,
  askedManager: (p) => `Som leder${p.forWhom ? ` for ${p.forWhom}` : ''} bliver du bedt om at godkende den (${p.why}).`,
  askedFallback: (p) =>
    `Der kan ikke spørges en leder${p.forWhom ? ` for ${p.forWhom}` : ''} (ingen er kendt, eller kun den, der bestilte), så du bliver bedt om at godkende den i stedet (${p.why}).`,
  askedDesk: (p) => `Den skal godkendes (${p.why}).`,
  approvalReminderText: (p) =>
    `Påmindelse: ${p.requester}s bestilling ${p.number} har ventet ${businessDays.da(p.days)} på din godkendelse.`,
  whyThreshold: (p) => `over ${p.threshold}`,
  whySpecial: 'den indeholder specialudstyr',
  whyBoth: (p) => `over ${p.threshold} og med specialudstyr`,
  approve: 'Godkend',
  reject: 'Afvis',
  rejectReasonLabel: 'Begrundelse (skal udfyldes ved afvisning)',
  approvedUser: (p) =>
    p.stock
      ? `${p.approver} har godkendt din bestilling ${p.number}. Indkøb tager udstyret fra lager og klargør det; forventet klar til udlevering ${p.expected}. Du hører fra en navngiven medarbejder, hvor og hvornår du kan hente det.`
      : `${p.approver} har godkendt din bestilling ${p.number}. Indkøb afgiver den nu; forventet klar ${p.expected}.`,
  rejectedUser: (p) =>
    `${p.approver} har afvist din bestilling ${p.number}:\n\n${p.reason}\n\nDer bliver ikke købt noget. Tal med ${p.approver}, hvis du er uenig, eller afgiv en ny bestilling.`,
  rejectedOwner: 'Sagen er tilbage hos dig: luk den fra dens kort.',
  approvedReply: (p) => `Tak. Bestilling ${p.number} er godkendt, og bestilleren har fået besked.`,
  rejectedReply: (p) => `Bestilling ${p.number} er afvist, og bestilleren har fået begrundelsen.`,
  approvedThread: (p) =>
    p.stock
      ? `Godkendt af ${p.who}. Udstyret kan tages fra lager og klargøres til udlevering.`
      : `Godkendt af ${p.who}. Bestillingen kan afgives.`,
  rejectedThread: (p) => `Afvist af ${p.who}: ${p.reason}`,
  rejectedSolution: (p) => `Bestilling afvist af ${p.who}: ${p.reason}`,
  pendingThread: (p) =>
    p.stock
      ? `Venter på godkendelse fra ${p.approver}; udlever ikke noget fra lager endnu.`
      : `Venter på godkendelse fra ${p.approver}; afgiv ikke bestillingen endnu.`,
  deskApprover: 'indkøb',
  approvalToDesk: (p) =>
    `Godkenderen af bestilling ${p.number} er slettet efter anmodning, mens bestillingen ventede på godkendelse, så indkøb beslutter nu: godkend eller afvis den her.`,
  escalatedThread: (p) =>
    `${p.approver} har ikke svaret på godkendelsen i ${businessDays.da(p.days)}. Følg op med lederen eller bestilleren.`,
  notApprover: (p) =>
    `Tak fordi du vil hjælpe, men kun ${p.approver} kan godkende eller afvise bestilling ${p.number}.`,
  ownOrder: (p) =>
    `Du kan ikke godkende eller afvise bestilling ${p.number}: det er din egen bestilling, eller en du har afgivet for en anden. Spørg godkenderen på bestillingen eller Indkøb.`,
  alreadyDecided: (p) => `Bestilling ${p.number} er allerede ${p.state}.`,
  finishedUndecided: (p) =>
    `Bestilling ${p.number} er allerede ${p.status}: indkøb afsluttede den, før der blev taget stilling, så der skal ikke tages stilling nu.`,
  stateWords: {
    approved: 'godkendt',
    rejected: 'afvist',
    not_needed: 'accepteret uden godkendelse',
    pending: 'afventende',
  },
  panelTitle: (p) => `Bestilling ${p.number}`,
  panelOrder: 'Afgiv bestillingen hos leverandøren, eller markér den klar, hvis den kommer fra lager.',
  panelStock:
    'Alt er på lager: tag udstyret fra lager, klargør det og markér det klar til udlevering, med 1-3 tidspunkter hvor du kan tilbyde opsætningshjælp. Kun hvis lageret er løbet tør, bestiller du det hos leverandøren i stedet.',
  panelReceived:
    'Markér bestillingen modtaget, når leverandøren leverer, eller giv en ny dato, hvis den bliver forsinket.',
  panelReady:
    'Klargør udstyret og markér det klar til udlevering, med 1-3 tidspunkter hvor du kan tilbyde opsætningshjælp.',
  panelHandout: 'Markér det udleveret, når bestilleren har fået udstyret.',
  vendorLabel: 'Leverandør',
  referenceLabel: 'Leverandørens reference (ordrenummer)',
  expectedLabel: 'Forventet leveringsdato',
  newExpectedLabel: 'Ny forventet dato',
  slipReasonLabel: 'Hvorfor (vises for bestilleren)',
  slotLabel: (p) => `Opsætningstid ${p.n}${p.n > 1 ? ' (valgfri)' : ''}`,
  placeLabel: 'Afhentningssted (valgfrit)',
  markOrdered: 'Bestilt hos leverandør',
  markReceived: 'Modtaget',
  markReady: 'Klar til udlevering',
  markSlipped: 'Ny leveringsdato',
  markHandout: 'Udleveret',
  orderedUser: (p) =>
    `${p.who} har bestilt dit udstyr (${p.number}) hos ${p.vendor}. Forventet levering: ${p.expected}.`,
  receivedUser: (p) =>
    `Dit udstyr til ${p.number} er kommet. ${p.who} klargør det og giver dig besked, når du kan hente det.`,
  handedOutReporter: (p) =>
    `${p.who} har udleveret udstyret, du bestilte til ${p.forWhom} (${p.number}). ${p.forWhom} får tilbudt hjælp til opsætning og bliver spurgt, om det virker.`,
  readyUser: (p) =>
    `Dit udstyr til ${p.number} er klar til udlevering${p.place ? ` i ${p.place}` : ''}. Kontakt ${p.who} for at hente det.`,
  slippedUser: (p) =>
    `${p.who}: leveringen af din bestilling ${p.number} er forsinket. Den var ventet ${p.from}, nu ${p.to}.${p.reason ? `\n\n${p.reason}` : ''}`,
  questionDropped: (p) => `Du behøver ikke længere svare på spørgsmålet fra ${p.by} ("${p.question}").`,
  earlierUser: (p) =>
    `${p.who}: godt nyt, din bestilling ${p.number} kommer tidligere. Den var ventet ${p.from}, nu ${p.to}.${p.reason ? `\n\n${p.reason}` : ''}`,
  handoutSolution: (p) => `Udleveret af ${p.who}: ${p.items}.`,
  setupTitle: (p) => `Hjælp til opsætning af ${p.number}?`,
  setupText: (p) =>
    `${p.who} har udleveret dit udstyr (${p.number}). Vil du have hjælp til at sætte det op? Vælg et tidspunkt, eller sig til, hvis du klarer det selv.`,
  setupAt: (p) => `Hjælp mig ${p.slot}`,
  selfSetup: 'Jeg klarer det selv',
  setupHelpReply: (p) => `Aftalt: ${p.group} hjælper dig med at sætte udstyret op (${p.number}) ${p.slot}.`,
  selfSetupReply: (p) => `Noteret: du sætter det selv op (${p.number}). Skriv til os, hvis du går i stå.`,
  setupHelpThread: (p) => `${p.user} vil gerne have hjælp til opsætning ${p.slot}.`,
  selfSetupThread: (p) => `${p.user} sætter selv udstyret op.`,
  orderedThread: (p) =>
    `${p.who} bestilte hos ${p.vendor}${p.reference ? ` (${p.reference})` : ''}; forventet ${p.expected}.`,
  receivedThread: (p) => `${p.who} markerede bestillingen modtaget.`,
  readyThread: (p) => `${p.who} markerede den klar til udlevering. Opsætningstider: ${p.slots}.`,
  slippedThread: (p) => `${p.who}: leveringen er forsinket til ${p.to}; bestilleren har fået besked.`,
  earlierThread: (p) => `${p.who}: leveringen er rykket frem til ${p.to}; bestilleren har fået besked.`,
  handoutThread: (p) => `${p.who} udleverede udstyret; bestilleren får tilbudt opsætningshjælp.`,
  escalatedQuestion: (p) => `Afventede bruger (spørgsmålet "${p.question}" er trukket tilbage).`,
  escalatedWithVendor: (p) =>
    `Bestilt hos ${p.vendor}: sagen afventer fortsat leverandøren. Markér den modtaget fra bestillingspanelet nedenfor, når den kommer.`,
  escalatedReceived:
    'Modtaget fra leverandøren: sagen starter her som Registreret. Markér den klar til udlevering fra bestillingspanelet nedenfor.',
  escalatedReady: (p) =>
    `Klar til udlevering${p.place ? ` (${p.place})` : ''}: sagen starter her som Registreret. Markér det udleveret fra bestillingspanelet nedenfor, når bestilleren har fået udstyret.`,
  stepDone: (p) => `Udført: ${p.number} er opdateret, og bestilleren har fået besked.`,
  deskOnly: (p) => `Kun ${p.group} kan opdatere leveringen af bestilling ${p.number}.`,
  requesterOnly: (p) => `Kun den, bestilling ${p.number} er til, kan svare på dette.`,
  awaitingApproval: (p) => `Bestilling ${p.number} venter stadig på godkendelse fra ${p.approver}.`,
  wasRejected: (p) => `Bestilling ${p.number} blev afvist; der er intet at levere.`,
  notNow: (p) => `Bestilling ${p.number}: "${p.what}" passer ikke med, hvor bestillingen er nu.`,
  badDate: (p) => `${p.date} er ikke en dato.`,
  pastDate: (p) => `${p.date} er overskredet.`,
  sameDate: (p) => `Bestillingen er allerede ventet ${p.date}.`,
  notAnOrder: (p) => `${p.number} er ikke en bestilling af udstyr.`,
  notFound: 'Den bestilling findes ikke længere.',
  unknownSlot: (p) => `Vælg et af de tilbudte tidspunkter: ${p.slots}.`,
  setupChosen: (p) => `Du har allerede svaret på tilbuddet om opsætning af ${p.number}.`,
};

/** The order texts per language. */
export const orderMessages: Record<Locale, OrderMessages> = { da, en };
