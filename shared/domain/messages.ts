import type { Language, Localized } from './language.ts';

/**
 * Every sentence the API says to a person, in en/fr/es: field messages (the validator's included:
 * none of zod's own wording ever reaches anyone) and the messages of error answers. `{name}`
 * placeholders are filled by `message()`. French puts a no-break space before `:` and inside « ».
 *
 * The field messages are short sentences that make sense next to the field's label, as forms show
 * them ("Title — Use 300 characters or fewer").
 */
export const MESSAGES = {
  // ---- fields: presence and type
  required: { en: 'This field is required', fr: 'Ce champ est obligatoire', es: 'Este campo es obligatorio' },
  expectedText: { en: 'Enter text here', fr: 'Saisissez du texte ici', es: 'Escriba un texto aquí' },
  expectedNumber: { en: 'Enter a number', fr: 'Saisissez un nombre', es: 'Introduzca un número' },
  expectedWholeNumber: { en: 'Enter a whole number', fr: 'Saisissez un nombre entier', es: 'Introduzca un número entero' },
  expectedYesNo: { en: 'Answer yes or no', fr: 'Répondez par oui ou par non', es: 'Responda sí o no' },
  expectedList: { en: 'A list is expected here', fr: 'Une liste est attendue ici', es: 'Aquí se espera una lista' },
  expectedGroup: {
    en: 'The fields of this section are expected here',
    fr: 'Les champs de cette rubrique sont attendus ici',
    es: 'Aquí se esperan los campos de esta sección',
  },
  unknownField: {
    en: 'This field is not part of the form',
    fr: 'Ce champ ne fait pas partie du formulaire',
    es: 'Este campo no forma parte del formulario',
  },

  // ---- fields: sizes
  tooLongText: {
    en: 'Use {max} characters or fewer',
    fr: 'Ne dépassez pas {max}\u00a0caractères',
    es: 'No supere los {max}\u00a0caracteres',
  },
  tooShortText: {
    en: 'Use at least {min} characters',
    fr: 'Saisissez au moins {min}\u00a0caractères',
    es: 'Escriba al menos {min}\u00a0caracteres',
  },
  tooManyItems: {
    en: 'Give {max} items or fewer',
    fr: 'Indiquez {max}\u00a0éléments au maximum',
    es: 'Indique como máximo {max}\u00a0elementos',
  },
  tooManyItemsOne: { en: 'Give one item at most', fr: 'Indiquez un élément au maximum', es: 'Indique como máximo un elemento' },
  tooFewItems: {
    en: 'Give at least {min} items',
    fr: 'Indiquez au moins {min}\u00a0éléments',
    es: 'Indique al menos {min}\u00a0elementos',
  },
  tooFewItemsOne: { en: 'Give at least one item', fr: 'Indiquez au moins un élément', es: 'Indique al menos un elemento' },
  tooBigNumber: { en: 'Enter {max} or less', fr: 'Saisissez une valeur inférieure ou égale à {max}', es: 'Introduzca un valor igual o inferior a {max}' },
  tooSmallNumber: { en: 'Enter {min} or more', fr: 'Saisissez une valeur supérieure ou égale à {min}', es: 'Introduzca un valor igual o superior a {min}' },
  notMultiple: { en: 'Enter a multiple of {divisor}', fr: 'Saisissez un multiple de {divisor}', es: 'Introduzca un múltiplo de {divisor}' },

  // ---- fields: formats
  email: {
    en: 'Enter an email address in the right format, like name@example.org',
    fr: 'Saisissez une adresse e-mail au bon format, par exemple nom@exemple.org',
    es: 'Introduzca una dirección de correo electrónico con el formato correcto, por ejemplo nombre@ejemplo.org',
  },
  url: {
    en: 'Enter a full web address that starts with https://',
    fr: 'Saisissez une adresse web complète commençant par https://',
    es: 'Introduzca una dirección web completa que empiece por https://',
  },
  linkCredentials: {
    en: 'Remove the user name or password from this web address',
    fr: "Retirez le nom d'utilisateur ou le mot de passe de cette adresse web",
    es: 'Quite el nombre de usuario o la contraseña de esta dirección web',
  },
  linkLookAlike: {
    en: 'This web address mixes alphabets in a way that imitates another address; write it in one alphabet',
    fr: "Cette adresse web mélange des alphabets d'une manière qui imite une autre adresse\u00a0; écrivez-la dans un seul alphabet",
    es: 'Esta dirección web mezcla alfabetos de un modo que imita otra dirección; escríbala en un solo alfabeto',
  },
  date: {
    en: 'Enter a real date as YYYY-MM-DD, like 2026-03-31',
    fr: 'Saisissez une date réelle au format AAAA-MM-JJ, par exemple 2026-03-31',
    es: 'Introduzca una fecha real con el formato AAAA-MM-DD, por ejemplo 2026-03-31',
  },
  dateTime: {
    en: 'Enter a date and time like 2026-03-31T14:00:00Z',
    fr: 'Saisissez une date et une heure au format 2026-03-31T14:00:00Z',
    es: 'Introduzca una fecha y una hora con el formato 2026-03-31T14:00:00Z',
  },
  format: { en: 'This is not in the expected format', fr: "Ce n'est pas au format attendu", es: 'No tiene el formato esperado' },
  chooseOne: { en: 'Choose one of: {options}', fr: 'Choisissez parmi\u00a0: {options}', es: 'Elija una de estas opciones: {options}' },
  mustBe: { en: 'The only accepted value is {value}', fr: 'La seule valeur acceptée est {value}', es: 'El único valor aceptado es {value}' },
  invalidValue: { en: 'This value is not valid', fr: "Cette valeur n'est pas valide", es: 'Este valor no es válido' },
  invalidEntry: {
    en: 'One of the entries is not valid',
    fr: "L'une des entrées n'est pas valide",
    es: 'Una de las entradas no es válida',
  },

  // ---- fields: text content
  blank: { en: 'This field must not be empty', fr: 'Ce champ ne doit pas être vide', es: 'Este campo no debe estar vacío' },
  oneLine: {
    en: 'Write this on a single line, without line breaks or control characters',
    fr: 'Écrivez ceci sur une seule ligne, sans saut de ligne ni caractère de contrôle',
    es: 'Escríbalo en una sola línea, sin saltos de línea ni caracteres de control',
  },
  controlCharacters: {
    en: 'Remove the control characters from this text',
    fr: 'Retirez les caractères de contrôle de ce texte',
    es: 'Quite los caracteres de control de este texto',
  },
  brokenCharacters: {
    en: 'This text contains damaged characters; type it again or paste it from another source',
    fr: "Ce texte contient des caractères endommagés\u00a0; saisissez-le de nouveau ou collez-le depuis une autre source",
    es: 'Este texto contiene caracteres dañados; vuelva a escribirlo o péguelo desde otra fuente',
  },
  unique: { en: 'Give each item only once', fr: 'Indiquez chaque élément une seule fois', es: 'Indique cada elemento una sola vez' },
  forbiddenKey: {
    en: 'This field name is not allowed',
    fr: "Ce nom de champ n'est pas autorisé",
    es: 'Este nombre de campo no está permitido',
  },
  tooDeep: {
    en: 'Fields are nested too deeply here',
    fr: 'Les champs sont imbriqués trop profondément ici',
    es: 'Aquí los campos están anidados a demasiada profundidad',
  },

  // ---- fields: the contract's own rules
  memberId: {
    en: 'Choose a member from the OGP member list',
    fr: 'Choisissez un membre dans la liste des membres du PGO',
    es: 'Elija un miembro de la lista de miembros de OGP',
  },
  cycle: { en: 'Enter a month as YYYY-MM, like 2026-11', fr: 'Saisissez un mois au format AAAA-MM, par exemple 2026-11', es: 'Introduzca un mes con el formato AAAA-MM, por ejemplo 2026-11' },
  reference: {
    en: 'This is not a submission reference (like OGC-2026-11-0042)',
    fr: "Ce n'est pas une référence de soumission (comme OGC-2026-11-0042)",
    es: 'No es una referencia de envío (como OGC-2026-11-0042)',
  },
  token: {
    en: 'This private link is incomplete; open it again from your receipt email',
    fr: "Ce lien privé est incomplet\u00a0; ouvrez-le de nouveau depuis votre accusé de réception",
    es: 'Este enlace privado está incompleto; ábralo de nuevo desde su correo de acuse de recibo',
  },
  actionPlanRequired: {
    en: 'Give the action plan and commitment for an action-plan commitment',
    fr: "Indiquez le plan d'action et l'engagement pour un engagement de plan d'action",
    es: 'Indique el plan de acción y el compromiso para un compromiso de plan de acción',
  },
  designatedByMsfRequired: {
    en: 'An action-plan commitment can take part only once it has been designated for the Challenge with the Multi-Stakeholder Forum',
    fr: "Un engagement de plan d'action ne peut participer qu'une fois désigné pour le Défi avec le Forum multipartite",
    es: 'Un compromiso de plan de acción solo puede participar una vez designado para el Desafío junto con el Foro Multiactor',
  },
  actionPlanForbidden: {
    en: 'Only a commitment in an OGP action plan has an action plan',
    fr: "Seul un engagement d'un plan d'action du PGO comporte un plan d'action",
    es: 'Solo un compromiso de un plan de acción de OGP incluye un plan de acción',
  },
  jurisdictionRequired: {
    en: 'Give the name of the local jurisdiction',
    fr: 'Indiquez le nom de la collectivité locale',
    es: 'Indique el nombre de la jurisdicción local',
  },
  endBeforeStart: {
    en: 'The end date must be after the start date',
    fr: 'La date de fin doit être postérieure à la date de début',
    es: 'La fecha de finalización debe ser posterior a la fecha de inicio',
  },
  unknownMember: {
    en: 'No OGP member has this identifier; choose one from the list',
    fr: "Aucun membre du PGO n'a cet identifiant\u00a0; choisissez-en un dans la liste",
    es: 'Ningún miembro de OGP tiene este identificador; elija uno de la lista',
  },
  memberKindMismatch: {
    en: 'This member is not of the member type you chose',
    fr: "Ce membre n'est pas du type de membre que vous avez choisi",
    es: 'Este miembro no es del tipo de miembro que eligió',
  },
  questionRequired: {
    en: 'Write the question to ask the submitter',
    fr: 'Rédigez la question à poser à la personne qui a soumis la réforme',
    es: 'Escriba la pregunta que se hará a quien envió la reforma',
  },
  questionForbidden: {
    en: 'Only a “more information needed” decision asks a question',
    fr: 'Seule une décision «\u00a0informations complémentaires demandées\u00a0» pose une question',
    es: 'Solo una decisión de «se necesita más información» plantea una pregunta',
  },
  eligibleNeedsAllPass: {
    en: 'An eligible outcome needs every criterion to be met',
    fr: 'Un résultat éligible exige que tous les critères soient remplis',
    es: 'Un resultado elegible requiere que se cumplan todos los criterios',
  },
  notEligibleNeedsFailure: {
    en: 'A not-eligible outcome needs at least one criterion that is not met',
    fr: 'Un résultat non éligible exige au moins un critère non rempli',
    es: 'Un resultado no elegible requiere al menos un criterio no cumplido',
  },
  cursor: {
    en: 'This page link has expired; go back to the first page',
    fr: 'Ce lien de page a expiré\u00a0; revenez à la première page',
    es: 'Este enlace de página ha caducado; vuelva a la primera página',
  },
  cycleNotBegun: {
    en: 'This month has not begun yet',
    fr: "Ce mois n'a pas encore commencé",
    es: 'Este mes aún no ha comenzado',
  },
  idempotencyKeyFormat: {
    en: 'Must be 8 to 128 visible ASCII characters',
    fr: 'Doit comporter de 8 à 128 caractères ASCII visibles',
    es: 'Debe tener entre 8 y 128 caracteres ASCII visibles',
  },
  ifMatch: {
    en: 'Send the version number read from the submission',
    fr: 'Envoyez le numéro de version lu sur la soumission',
    es: 'Envíe el número de versión leído del envío',
  },

  // ---- error answers (the `message` of the error shape)
  validationFailed: {
    en: 'Some answers need correcting; see each field',
    fr: 'Certaines réponses sont à corriger\u00a0; voyez chaque champ',
    es: 'Algunas respuestas deben corregirse; revise cada campo',
  },
  invalidJson: {
    en: 'The request could not be read: its body is not valid JSON',
    fr: "La requête n'a pas pu être lue\u00a0: son contenu n'est pas du JSON valide",
    es: 'No se pudo leer la solicitud: su contenido no es JSON válido',
  },
  signInRequired: {
    en: 'Sign in to continue',
    fr: 'Connectez-vous pour continuer',
    es: 'Inicie sesión para continuar',
  },
  signInExpired: {
    en: 'Your session has expired or is not valid; sign in again',
    fr: "Votre session a expiré ou n'est pas valide\u00a0; reconnectez-vous",
    es: 'Su sesión ha caducado o no es válida; vuelva a iniciar sesión',
  },
  forbidden: {
    en: 'Your account does not allow this action',
    fr: "Votre compte ne permet pas cette action",
    es: 'Su cuenta no permite esta acción',
  },
  roleRequired: {
    en: 'This action is reserved for the {role} role',
    fr: 'Cette action est réservée au rôle {role}',
    es: 'Esta acción está reservada al rol {role}',
  },
  notFound: {
    en: 'There is nothing at this address',
    fr: "Il n'y a rien à cette adresse",
    es: 'No hay nada en esta dirección',
  },
  methodNotAllowed: {
    en: 'This address does not accept this kind of request',
    fr: "Cette adresse n'accepte pas ce type de requête",
    es: 'Esta dirección no acepta este tipo de solicitud',
  },
  conflict: {
    en: 'This was changed meanwhile; reload the page and try again',
    fr: 'Ceci a été modifié entre-temps\u00a0; rechargez la page et réessayez',
    es: 'Esto se modificó mientras tanto; vuelva a cargar la página e inténtelo de nuevo',
  },
  payloadTooLarge: {
    en: 'The request is too large; shorten the longest texts and try again',
    fr: 'La requête est trop volumineuse\u00a0; raccourcissez les textes les plus longs et réessayez',
    es: 'La solicitud es demasiado grande; acorte los textos más largos e inténtelo de nuevo',
  },
  unsupportedMediaType: {
    en: 'Send the body as JSON, with the single header Content-Type: application/json',
    fr: 'Envoyez le contenu en JSON, avec un seul en-tête Content-Type: application/json',
    es: 'Envíe el contenido en JSON, con un único encabezado Content-Type: application/json',
  },
  brokenEncoding: {
    en: 'The request contains damaged characters: send it encoded as UTF-8',
    fr: 'La requête contient des caractères endommagés\u00a0: envoyez-la encodée en UTF-8',
    es: 'La solicitud contiene caracteres dañados: envíela codificada en UTF-8',
  },
  idempotencyKeyReused: {
    en: 'This Idempotency-Key was already used for a different request; use a new key for new content',
    fr: 'Cette clé Idempotency-Key a déjà servi pour une autre requête\u00a0; utilisez une nouvelle clé pour un nouveau contenu',
    es: 'Esta clave Idempotency-Key ya se usó para otra solicitud; use una clave nueva para un contenido nuevo',
  },
  tooManyRequests: {
    en: 'Too many requests in a short time; wait a moment and try again',
    fr: 'Trop de requêtes en peu de temps\u00a0; patientez un instant et réessayez',
    es: 'Demasiadas solicitudes en poco tiempo; espere un momento e inténtelo de nuevo',
  },
  linkExpired: {
    en: 'This link has expired; ask for a new one',
    fr: 'Ce lien a expiré\u00a0; demandez-en un nouveau',
    es: 'Este enlace ha caducado; solicite uno nuevo',
  },
  linkInvalid: {
    en: 'This link is not valid; open it again from the email, without changing it',
    fr: "Ce lien n'est pas valide\u00a0; ouvrez-le de nouveau depuis l'e-mail, sans le modifier",
    es: 'Este enlace no es válido; ábralo de nuevo desde el correo, sin modificarlo',
  },
  internal: {
    en: 'Something went wrong on our side; try again later, and quote {requestId} if you contact us',
    fr: "Un problème est survenu de notre côté\u00a0; réessayez plus tard et indiquez {requestId} si vous nous contactez",
    es: 'Algo falló por nuestra parte; inténtelo más tarde e indique {requestId} si se pone en contacto con nosotros',
  },
  gatewayTimeout: {
    en: 'The service took too long to answer; try again in a moment',
    fr: 'Le service a mis trop de temps à répondre\u00a0; réessayez dans un instant',
    es: 'El servicio tardó demasiado en responder; inténtelo de nuevo en un momento',
  },

  // ---- error answers of the submitter's private link
  submissionNotFound: {
    en: 'No submission matches this link; open it again from your receipt email',
    fr: "Aucune soumission ne correspond à ce lien\u00a0; ouvrez-le de nouveau depuis votre accusé de réception",
    es: 'Ningún envío corresponde a este enlace; ábralo de nuevo desde su correo de acuse de recibo',
  },
  cannotWithdraw: {
    en: 'This submission can no longer be withdrawn: its status is “{status}”',
    fr: 'Cette soumission ne peut plus être retirée\u00a0: son statut est «\u00a0{status}\u00a0»',
    es: 'Este envío ya no puede retirarse: su estado es «{status}»',
  },
  cannotAnswer: {
    en: 'Only a submission that needs more information can be answered; its status is “{status}”',
    fr: "Seule une soumission pour laquelle des informations complémentaires sont demandées peut recevoir une réponse\u00a0; son statut est «\u00a0{status}\u00a0»",
    es: 'Solo se puede responder a un envío para el que se pide más información; su estado es «{status}»',
  },
  changedMeanwhile: {
    en: 'The submission was changed meanwhile; reload the page and try again',
    fr: 'La soumission a été modifiée entre-temps\u00a0; rechargez la page et réessayez',
    es: 'El envío se modificó mientras tanto; vuelva a cargar la página e inténtelo de nuevo',
  },
  cannotConfirm: {
    en: 'This designation can no longer be confirmed: the submission’s status is “{status}”',
    fr: 'Cette désignation ne peut plus être confirmée\u00a0: le statut de la soumission est «\u00a0{status}\u00a0»',
    es: 'Esta designación ya no puede confirmarse: el estado del envío es «{status}»',
  },
  keepsChanging: {
    en: 'The submission keeps changing; try again in a moment',
    fr: 'La soumission change sans cesse\u00a0; réessayez dans un instant',
    es: 'El envío no deja de cambiar; inténtelo de nuevo en un momento',
  },
  reviewStarted: {
    en: 'This submission can no longer be corrected: the review of its cycle has begun',
    fr: "Cette soumission ne peut plus être corrigée\u00a0: l'examen de son cycle a commencé",
    es: 'Este envío ya no puede corregirse: la revisión de su ciclo ha comenzado',
  },
  correctionKeepsChannel: {
    en: 'A submission cannot switch between a standalone commitment and an action-plan commitment; withdraw it and submit a new one instead',
    fr: "Une soumission ne peut pas passer d'un engagement indépendant à un engagement de plan d'action, ni l'inverse\u00a0; retirez-la et soumettez-en une nouvelle",
    es: 'Un envío no puede pasar de compromiso independiente a compromiso de plan de acción, ni al revés; retírelo y presente uno nuevo',
  },
  correctionKeepsMember: {
    en: 'A submission cannot move to another OGP member; withdraw it and submit a new one instead',
    fr: 'Une soumission ne peut pas changer de membre du PGO\u00a0; retirez-la et soumettez-en une nouvelle',
    es: 'Un envío no puede cambiar de miembro de OGP; retírelo y presente uno nuevo',
  },
  notStored: {
    en: 'Your submission could not be saved; please send it again',
    fr: "Votre soumission n'a pas pu être enregistrée\u00a0; veuillez l'envoyer de nouveau",
    es: 'No se pudo guardar su envío; vuelva a enviarlo',
  },
  storyNotStored: {
    en: 'Your story could not be saved; please send it again',
    fr: "Votre récit n'a pas pu être enregistré\u00a0; veuillez l'envoyer de nouveau",
    es: 'No se pudo guardar su historia; vuelva a enviarla',
  },
} as const satisfies Record<string, Localized>;
export type MessageKey = keyof typeof MESSAGES;

/** Values put into a message: text the same in every language, or a label per language. */
export type MessageParams = Record<string, string | number | Localized>;

export function message(key: MessageKey, language: Language, params: MessageParams = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'object' ? value[language] : String(value);
  });
}

/** A message chosen now and put into words later, in the language of whoever reads it. */
export interface DeferredMessage {
  key: MessageKey;
  params?: MessageParams;
}
