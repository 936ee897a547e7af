/**
 * The session agenda: welcome, retour, choix du sujet, the six invariable steps of
 * the method (METHOD.md), closing — with titles, default durations and what each
 * role does now, in French and English.
 */
import { z } from 'zod'
import type { RoleId } from './roles.ts'

export const PHASE_IDS = [
  'welcome',
  'retour',
  'choix-sujet',
  'expose',
  'clarification',
  'contrat',
  'consultation',
  'synthese',
  'apprentissage',
  'closing',
] as const
export const PhaseIdSchema = z.enum(PHASE_IDS)
export type PhaseId = z.infer<typeof PhaseIdSchema>

export interface Text {
  fr: string
  en: string
}

export interface Phase {
  title: Text
  /** Indicative; the facilitator extends the timer as needed. */
  defaultDurationMin: number
  /** May be skipped explicitly (each under its own condition, see `transition`). */
  skippable: boolean
  guidance: Record<RoleId, Text>
}

const WATCH: Text = {
  fr: 'Vous observez la séance sans écrire au tableau.',
  en: 'You watch the session without writing on the board.',
}

export const PHASES = {
  welcome: {
    title: { fr: 'Accueil', en: 'Welcome' },
    defaultDurationMin: 5,
    skippable: false,
    guidance: {
      facilitator: {
        fr: 'Accueillez le groupe, rappelez les règles : confidentialité, bienveillance, non-jugement, droit de se taire.',
        en: 'Welcome the group and recall the rules: confidentiality, benevolence, no judgement, the right to pass.',
      },
      client: {
        fr: 'Maintenant : dites en un mot comment vous arrivez.',
        en: 'Now: say in a word how you arrive.',
      },
      consultant: {
        fr: 'Maintenant : dites en un mot comment vous arrivez.',
        en: 'Now: say in a word how you arrive.',
      },
      observer: WATCH,
    },
  },
  retour: {
    title: { fr: 'Retour sur la séance précédente', en: 'Follow-up on the previous session' },
    defaultDurationMin: 20,
    skippable: true,
    guidance: {
      facilitator: {
        fr: "Maintenant : le client de la séance précédente fait le point sur son plan d'action ; chacun dit où il en est.",
        en: "Now: the previous session's client reports on their action plan; each says where they are.",
      },
      client: {
        fr: 'Maintenant : pour chaque action, fait / en cours / abandonnée, ce qui s’est passé, ce que vous avez appris.',
        en: 'Now: for each action, done / in progress / dropped, what happened, what you learned.',
      },
      consultant: {
        fr: 'Maintenant : écoutez le retour ; dites où vous en êtes.',
        en: 'Now: listen to the report; say where you are.',
      },
      observer: WATCH,
    },
  },
  'choix-sujet': {
    title: { fr: 'Choix du sujet', en: 'Choosing the subject' },
    defaultDurationMin: 10,
    skippable: true,
    guidance: {
      facilitator: {
        fr: 'Maintenant : les membres proposent des sujets (préoccupation, problème, projet) et votent ; vous confirmez le client et le sujet.',
        en: 'Now: members propose subjects (preoccupation, problem, project) and vote; you confirm the client and subject.',
      },
      client: {
        fr: 'Maintenant : proposez un sujet (titre, pourquoi maintenant) et votez.',
        en: 'Now: propose a subject (title, why now) and vote.',
      },
      consultant: {
        fr: 'Maintenant : proposez un sujet (titre, pourquoi maintenant) et votez.',
        en: 'Now: propose a subject (title, why now) and vote.',
      },
      observer: WATCH,
    },
  },
  expose: {
    title: { fr: 'Exposé', en: 'Presentation' },
    defaultDurationMin: 10,
    skippable: false,
    guidance: {
      facilitator: {
        fr: "Maintenant : le client expose sa situation ; personne ne l'interrompt. Vous pouvez noter ses points clés.",
        en: 'Now: the client presents the situation; nobody interrupts. You may note the key points.',
      },
      client: {
        fr: 'Maintenant : exposez la situation ; terminez par votre question et votre manchette.',
        en: 'Now: present the situation; end with your question and your headline.',
      },
      consultant: {
        fr: 'Maintenant : écoutez, sans écrire au tableau ni interrompre.',
        en: 'Now: listen, without writing on the board or interrupting.',
      },
      observer: WATCH,
    },
  },
  clarification: {
    title: { fr: 'Clarification', en: 'Clarification' },
    defaultDurationMin: 15,
    skippable: false,
    guidance: {
      facilitator: {
        fr: 'Maintenant : les consultants posent des questions de clarification (des faits, pas de conseils) ; le client répond.',
        en: 'Now: consultants ask clarifying questions (facts, no advice); the client answers.',
      },
      client: {
        fr: 'Maintenant : répondez aux questions et précisez.',
        en: 'Now: answer the questions and make things precise.',
      },
      consultant: {
        fr: 'Maintenant : posez des questions de clarification sur les faits et le contexte, pas encore de conseils.',
        en: 'Now: ask clarifying questions about facts and context, no advice yet.',
      },
      observer: WATCH,
    },
  },
  contrat: {
    title: { fr: 'Contrat', en: 'Contract' },
    defaultDurationMin: 5,
    skippable: false,
    guidance: {
      facilitator: {
        fr: 'Maintenant : le client formule sa demande et le type de consultation souhaité ; chaque consultant confirme.',
        en: 'Now: the client states the request and the kind of consultation wanted; each consultant confirms.',
      },
      client: {
        fr: 'Maintenant : formulez votre demande au groupe et le type de consultation souhaité.',
        en: 'Now: state your request to the group and the kind of consultation you want.',
      },
      consultant: {
        fr: 'Maintenant : assurez-vous que le contrat permet la consultation, puis confirmez-le.',
        en: 'Now: make sure the contract allows the consultation, then confirm it.',
      },
      observer: WATCH,
    },
  },
  consultation: {
    title: { fr: 'Consultation – exploration', en: 'Consultation – exploration' },
    defaultDurationMin: 25,
    skippable: false,
    guidance: {
      facilitator: {
        fr: 'Maintenant : les consultants partagent impressions, questions réflexives, idées, suggestions ; le client écoute sans débattre.',
        en: 'Now: consultants share impressions, reflective questions, ideas, suggestions; the client listens without debating.',
      },
      client: {
        fr: 'Maintenant : écoutez sans débattre, faites préciser, notez et marquez ce qui vous parle.',
        en: 'Now: listen without debating, ask to make precise, take notes and flag what speaks to you.',
      },
      consultant: {
        fr: 'Maintenant : partagez impressions, questions réflexives, idées, suggestions, expériences, ressources — selon le contrat.',
        en: 'Now: share impressions, reflective questions, ideas, suggestions, experiences, resources — as contracted.',
      },
      observer: WATCH,
    },
  },
  synthese: {
    title: { fr: "Synthèse et plan d'action", en: 'Synthesis and action plan' },
    defaultDurationMin: 15,
    skippable: false,
    guidance: {
      facilitator: {
        fr: "Maintenant : le client dit ce qu'il retient, regroupe les suggestions et bâtit son plan d'action ; les consultants notent leurs apprentissages.",
        en: 'Now: the client says what they keep, clusters the suggestions and builds an action plan; consultants note their learnings.',
      },
      client: {
        fr: 'Maintenant : regroupez les suggestions et bâtissez votre plan : quoi, premier pas, échéance, indicateur de réussite.',
        en: 'Now: cluster the suggestions and build your plan: what, first step, due date, success indicator.',
      },
      consultant: {
        fr: 'Maintenant : faites la synthèse de vos propres apprentissages du jour.',
        en: 'Now: synthesise your own learnings of the day.',
      },
      observer: WATCH,
    },
  },
  apprentissage: {
    title: { fr: 'Apprentissage et régulation', en: 'Learning and regulation' },
    defaultDurationMin: 10,
    skippable: false,
    guidance: {
      facilitator: {
        fr: 'Maintenant : chacun décrit ses apprentissages ; le groupe évalue la séance et se régule.',
        en: 'Now: everyone describes their learnings; the group evaluates the session and regulates itself.',
      },
      client: {
        fr: 'Maintenant : décrivez vos apprentissages et évaluez la séance (appréciation, attentes, apprentissages, applications).',
        en: 'Now: describe your learnings and evaluate the session (appreciation, expectations, learnings, applications).',
      },
      consultant: {
        fr: 'Maintenant : décrivez vos apprentissages, votre contribution, et évaluez la séance.',
        en: 'Now: describe your learnings and your contribution, and evaluate the session.',
      },
      observer: WATCH,
    },
  },
  closing: {
    title: { fr: 'Clôture', en: 'Closing' },
    defaultDurationMin: 5,
    skippable: false,
    guidance: {
      facilitator: {
        fr: 'Maintenant : remerciez le groupe, rappelez la confidentialité et la prochaine séance, puis closez.',
        en: 'Now: thank the group, recall confidentiality and the next session, then close.',
      },
      client: {
        fr: 'Maintenant : vous vous engagez à essayer votre plan et à en faire le retour.',
        en: 'Now: you commit to try your plan and to report back.',
      },
      consultant: {
        fr: 'Maintenant : un mot de clôture.',
        en: 'Now: a closing word.',
      },
      observer: WATCH,
    },
  },
} as const satisfies Record<PhaseId, Phase>

export function phaseIndex(phase: PhaseId): number {
  return PHASE_IDS.indexOf(phase)
}

/** Where a zone's phase stands relative to the current one. */
export function phaseRelation(phase: PhaseId, current: PhaseId): 'earlier' | 'current' | 'later' {
  const delta = phaseIndex(phase) - phaseIndex(current)
  return delta < 0 ? 'earlier' : delta === 0 ? 'current' : 'later'
}
