/**
 * Every string the UI shows, French first (the default) and English. The English
 * table is typed against the French keys, so a missing translation is a type error;
 * messages.test.ts also checks that no value is empty.
 */
export const fr = {
  'app.title': 'Codev Board',
  'home.tagline':
    'Le tableau blanc des groupes de codéveloppement professionnel : chaque étape a sa zone, le facilitateur garde le rythme.',
  'home.newSession': 'Nouvelle séance',
  'home.creating': 'Création de la séance…',
  'home.createFailed': 'La séance n’a pas pu être créée. Réessayez.',
  'name.title': 'Comment vous appelez-vous ?',
  'name.label': 'Votre prénom (visible par le groupe)',
  'name.submit': 'Rejoindre la séance',
  'board.loading': 'Chargement du tableau…',
  'board.share': 'Copier le lien de la séance',
  'board.shareDone': 'Lien copié',
  'connection.connected': 'Connecté',
  'connection.connecting': 'Connexion…',
  'connection.offline': 'Hors ligne — vos notes seront envoyées au retour de la connexion',
  'connection.refused': 'Accès refusé à cette séance',
  'language.label': 'Langue',
} as const

export type MessageKey = keyof typeof fr

export const en: Record<MessageKey, string> = {
  'app.title': 'Codev Board',
  'home.tagline':
    'The whiteboard for professional co-development groups: every step has its zone, the facilitator keeps the pace.',
  'home.newSession': 'New session',
  'home.creating': 'Creating the session…',
  'home.createFailed': 'The session could not be created. Please try again.',
  'name.title': 'What is your name?',
  'name.label': 'Your first name (shown to the group)',
  'name.submit': 'Join the session',
  'board.loading': 'Loading the board…',
  'board.share': 'Copy the session link',
  'board.shareDone': 'Link copied',
  'connection.connected': 'Connected',
  'connection.connecting': 'Connecting…',
  'connection.offline': 'Offline — your notes will be sent when the connection is back',
  'connection.refused': 'Access to this session was refused',
  'language.label': 'Language',
}

export const MESSAGES = { fr, en } as const
export type Language = keyof typeof MESSAGES
export const LANGUAGES = Object.keys(MESSAGES) as Language[]
