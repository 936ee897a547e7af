/**
 * Every refusal the domain can give, as a string literal code, and a sentence a
 * user can read in French and English. The server sends codes; the UI translates
 * them with `describeError`.
 */
import { z } from 'zod'

export const DOMAIN_ERROR_CODES = [
  'session/closed',
  'session/server-only',
  'command/invalid',
  'step/not-facilitator',
  'step/no-next',
  'step/no-previous',
  'step/not-skippable',
  'step/subject-missing',
  'step/contract-unconfirmed',
  'step/no-voice',
  'zone/locked',
  'zone/read-only',
  'zone/outside',
  'note/not-author',
  'note/forged-author',
  'note/wrong-role',
  'note/immutable-field',
  'note/kind-not-allowed',
  'note/flags-client-only',
  'record/invalid',
  'record/unknown-type',
  'record/id-mismatch',
  'role/observer',
  'role/unknown-member',
  'role/facilitator-fixed',
  'subject/too-late',
  'subject/client-is-facilitator',
  'contract/not-consultant',
  'contract/wrong-phase',
  'vote/not-voter',
  'vote/too-many-dots',
  'vote/too-late',
  'silent/wrong-phase',
  'silent/not-on',
  'duty/invalid-member',
  'step/not-delegated',
  'turns/none',
  'signal/not-client',
  'report/not-client',
  'turns/not-queue',
  'turns/not-your-turn',
  'permission/denied',
] as const

export const DomainErrorCodeSchema = z.enum(DOMAIN_ERROR_CODES)
export type DomainErrorCode = z.infer<typeof DomainErrorCodeSchema>

export type Lang = 'fr' | 'en'

export type Verdict = { ok: true } | { ok: false; error: DomainErrorCode }

export const ALLOWED: Verdict = { ok: true }

export function refuse(error: DomainErrorCode): { ok: false; error: DomainErrorCode } {
  return { ok: false, error }
}

const MESSAGES = {
  'session/closed': {
    fr: 'La séance est close : le tableau est en lecture seule.',
    en: 'The session is closed: the board is read-only.',
  },
  'session/server-only': {
    fr: "L'état de la séance (étape, rôles, minuteur) ne se modifie que par les commandes du facilitateur.",
    en: "The session's state (step, roles, timer) only changes through the facilitator's commands.",
  },
  'command/invalid': {
    fr: "Cette commande n'est pas valide.",
    en: 'This command is not valid.',
  },
  'step/not-facilitator': {
    fr: 'Seul le facilitateur peut faire cela (changer d’étape, les rôles, le sujet, le minuteur ou clore).',
    en: 'Only the facilitator can do this (change the step, the roles, the subject, the timer, or close).',
  },
  'step/no-next': {
    fr: "C'est la dernière étape : il n'y a pas d'étape suivante.",
    en: 'This is the last step: there is no next step.',
  },
  'step/no-previous': {
    fr: "C'est la première étape : il n'y a pas d'étape précédente.",
    en: 'This is the first step: there is no previous step.',
  },
  'step/not-skippable': {
    fr: 'Cette étape ne peut pas être sautée maintenant.',
    en: 'This step cannot be skipped now.',
  },
  'step/subject-missing': {
    fr: "Choisissez d'abord le client et son sujet.",
    en: 'Choose the client and their subject first.',
  },
  'step/contract-unconfirmed': {
    fr: "Tous les consultants n'ont pas confirmé le contrat. Passer outre doit être explicite.",
    en: 'Not every consultant has confirmed the contract. Overriding must be explicit.',
  },
  'step/no-voice': {
    fr: "Votre rôle n'écrit pas au tableau pendant cette étape.",
    en: 'Your role does not write on the board during this step.',
  },
  'zone/locked': {
    fr: "Cette zone est verrouillée : son étape n'a pas encore commencé.",
    en: 'This zone is locked: its step has not started yet.',
  },
  'zone/read-only': {
    fr: 'Cette zone est en lecture seule : son étape est passée.',
    en: 'This zone is read-only: its step is over.',
  },
  'zone/outside': {
    fr: "Cette note doit rester dans la zone de l'étape en cours.",
    en: "This note must stay inside the current step's zone.",
  },
  'note/not-author': {
    fr: 'Vous ne pouvez modifier ou supprimer que vos propres notes.',
    en: 'You can only edit or delete your own notes.',
  },
  'note/forged-author': {
    fr: "Une note ne peut pas être créée au nom de quelqu'un d'autre.",
    en: 'A note cannot be created in the name of someone else.',
  },
  'note/wrong-role': {
    fr: 'Le rôle indiqué sur la note ne correspond pas au vôtre.',
    en: 'The role on the note does not match yours.',
  },
  'note/immutable-field': {
    fr: "L'auteur, le rôle, l'étape et le type d'une note ne changent pas.",
    en: "A note's author, role, step and type cannot change.",
  },
  'note/kind-not-allowed': {
    fr: "Ce type de note n'est pas prévu pour votre rôle pendant cette étape.",
    en: 'This kind of note is not meant for your role during this step.',
  },
  'note/flags-client-only': {
    fr: 'Seul le client marque les contributions (à préciser, je retiens...).',
    en: 'Only the client flags contributions (to clarify, I keep...).',
  },
  'record/invalid': {
    fr: "Cet élément est mal formé et n'a pas été enregistré.",
    en: 'This item is malformed and was not saved.',
  },
  'record/unknown-type': {
    fr: "Ce type d'élément n'existe pas sur ce tableau.",
    en: 'This kind of item does not exist on this board.',
  },
  'record/id-mismatch': {
    fr: "L'identifiant de cet élément ne correspond pas à son contenu.",
    en: "This item's id does not match its content.",
  },
  'role/observer': {
    fr: 'Les observateurs regardent sans écrire.',
    en: 'Observers watch without writing.',
  },
  'role/unknown-member': {
    fr: "Cette personne n'est pas membre de la séance.",
    en: 'This person is not a member of the session.',
  },
  'role/facilitator-fixed': {
    fr: 'Le rôle de facilitateur ne se donne ni ne se retire pendant la séance.',
    en: 'The facilitator role is neither given nor taken away during the session.',
  },
  'subject/too-late': {
    fr: "Le client et le sujet ne changent plus une fois l'exposé commencé.",
    en: 'The client and subject no longer change once the exposé has started.',
  },
  'subject/client-is-facilitator': {
    fr: 'Le facilitateur ne peut pas être le client de la séance.',
    en: "The facilitator cannot be the session's client.",
  },
  'contract/not-consultant': {
    fr: 'Seuls les consultants confirment le contrat.',
    en: 'Only consultants confirm the contract.',
  },
  'contract/wrong-phase': {
    fr: "Le contrat se confirme pendant l'étape Contrat.",
    en: 'The contract is confirmed during the Contract step.',
  },
  'vote/not-voter': {
    fr: 'Vous ne pouvez voter, ou déplacer un vote, que pour vous-même.',
    en: 'You can only cast or move your own votes.',
  },
  'vote/too-many-dots': {
    fr: 'Vous avez déjà placé toutes vos gommettes.',
    en: 'You have already placed all your dots.',
  },
  'vote/too-late': {
    fr: 'Le nombre de gommettes se règle avant ou pendant le choix du sujet.',
    en: 'The number of dots is set before or while choosing the subject.',
  },
  'silent/wrong-phase': {
    fr: 'L’écriture silencieuse se fait pendant la clarification ou la consultation.',
    en: 'Silent writing is for the clarification or the consultation.',
  },
  'duty/invalid-member': {
    fr: 'Ce rôle d’appui ne peut pas être confié à cette personne (facilitateur, client ou observateur).',
    en: 'This supporting duty cannot be given to this person (facilitator, client or observer).',
  },
  'signal/not-client': {
    fr: 'Seul le client signale un inconfort ou demande de recentrer, pendant la consultation.',
    en: 'Only the client signals discomfort or asks to refocus, during the consultation.',
  },
  'report/not-client': {
    fr: 'Seul le client décide à qui va le compte rendu de sa séance.',
    en: 'Only the client decides who receives the report of their session.',
  },
  'turns/none': {
    fr: 'Aucun tour de parole n’est en cours.',
    en: 'No round of turns is going on.',
  },
  'turns/not-queue': {
    fr: 'Ce tour de parole suit le cercle : on n’y lève pas la main.',
    en: 'This round goes round the circle: there is no hand to raise.',
  },
  'turns/not-your-turn': {
    fr: 'Seule la personne qui a la parole, ou le facilitateur, passe au suivant.',
    en: 'Only the speaker, or the facilitator, moves on to the next one.',
  },
  'step/not-delegated': {
    fr: 'Le facilitateur ne vous a pas délégué le passage des étapes.',
    en: 'The facilitator has not delegated moving through the steps to you.',
  },
  'silent/not-on': {
    fr: 'Il n’y a pas d’écriture silencieuse en cours à dévoiler.',
    en: 'There is no silent writing going on to reveal.',
  },
  'permission/denied': {
    fr: "Cette action n'est pas permise maintenant.",
    en: 'This action is not allowed now.',
  },
} as const satisfies Record<DomainErrorCode, Record<Lang, string>>

/** A sentence the user can read, saying why the action was refused. */
export function describeError(code: DomainErrorCode, lang: Lang): string {
  return MESSAGES[code][lang]
}
