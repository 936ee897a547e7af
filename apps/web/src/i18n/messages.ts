/**
 * Every string the UI shows, French first (the default) and English. The English
 * table is typed against the French keys, so a missing translation is a type error;
 * messages.test.ts also checks that no value is empty.
 */
export const fr = {
  'app.title': 'Codev Board',
  'home.tagline':
    'Le tableau blanc des groupes de codéveloppement professionnel : chaque étape a sa zone, le facilitateur garde le rythme.',
  'home.newGroup': 'Créer un groupe',
  'home.groupName': 'Nom du groupe',
  'home.facilitatorName': 'Votre prénom (facilitateur ou facilitatrice)',
  'home.memberNames': 'Prénoms des membres, un par ligne',
  'home.cycleLength': 'Nombre de séances du cycle',
  'home.create': 'Créer le groupe',
  'home.creating': 'Création du groupe…',
  'home.createFailed': 'Le groupe n’a pas pu être créé. Vérifiez les champs et réessayez.',
  'home.linksTitle': 'Liens personnels',
  'home.linksHelp':
    'Envoyez à chaque membre son propre lien : il l’identifie, sans mot de passe. Ne le partagez pas.',
  'home.copy': 'Copier le lien',
  'home.copied': 'Lien copié',
  'home.openMyBoard': 'Ouvrir la séance',
  'join.checking': 'Vérification de votre lien…',
  'join.noSession': 'Aucune séance n’est ouverte pour votre groupe pour l’instant.',
  'link.expiredTitle': 'Lien expiré',
  'link.expired': 'Ce lien d’invitation a expiré. Demandez un nouveau lien à votre facilitateur.',
  'link.revokedTitle': 'Lien révoqué',
  'link.revoked':
    'Ce lien d’invitation a été révoqué. Demandez un nouveau lien à votre facilitateur.',
  'link.invalidTitle': 'Lien invalide',
  'link.invalid': 'Ce lien n’est pas valide. Il a peut-être été mal copié.',
  'link.noAccessTitle': 'Accès réservé au groupe',
  'link.noAccess':
    'Cette séance appartient à un groupe dont vous n’avez pas de lien. Ouvrez d’abord votre lien personnel.',
  'link.notFoundTitle': 'Séance introuvable',
  'link.notFound': 'Cette séance n’existe pas ou a été supprimée.',
  'link.home': 'Retour à l’accueil',
  'board.loading': 'Chargement du tableau…',
  'board.step': 'Étape',
  'board.yourRole': 'Votre rôle',
  'zone.current': 'Étape en cours',
  'zone.readOnly': 'Lecture seule',
  'zone.locked': 'Verrouillée',
  'refused.prefix': 'Modification annulée :',
  'refused.dismiss': 'Fermer',
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
  'home.newGroup': 'Create a group',
  'home.groupName': 'Group name',
  'home.facilitatorName': 'Your first name (facilitator)',
  'home.memberNames': 'Members’ first names, one per line',
  'home.cycleLength': 'Sessions in the cycle',
  'home.create': 'Create the group',
  'home.creating': 'Creating the group…',
  'home.createFailed': 'The group could not be created. Check the fields and try again.',
  'home.linksTitle': 'Personal links',
  'home.linksHelp':
    'Send each member their own link: it identifies them, no password needed. Do not share it.',
  'home.copy': 'Copy the link',
  'home.copied': 'Link copied',
  'home.openMyBoard': 'Open the session',
  'join.checking': 'Checking your link…',
  'join.noSession': 'Your group has no open session yet.',
  'link.expiredTitle': 'Link expired',
  'link.expired': 'This invitation link has expired. Ask your facilitator for a new one.',
  'link.revokedTitle': 'Link revoked',
  'link.revoked': 'This invitation link was revoked. Ask your facilitator for a new one.',
  'link.invalidTitle': 'Invalid link',
  'link.invalid': 'This link is not valid. It may have been copied wrongly.',
  'link.noAccessTitle': 'For the group’s members only',
  'link.noAccess':
    'This session belongs to a group you have no link for. Open your personal link first.',
  'link.notFoundTitle': 'Session not found',
  'link.notFound': 'This session does not exist or was deleted.',
  'link.home': 'Back to the home page',
  'board.loading': 'Loading the board…',
  'board.step': 'Step',
  'board.yourRole': 'Your role',
  'zone.current': 'Current step',
  'zone.readOnly': 'Read-only',
  'zone.locked': 'Locked',
  'refused.prefix': 'Change undone:',
  'refused.dismiss': 'Dismiss',
  'connection.connected': 'Connected',
  'connection.connecting': 'Connecting…',
  'connection.offline': 'Offline — your notes will be sent when the connection is back',
  'connection.refused': 'Access to this session was refused',
  'language.label': 'Language',
}

export const MESSAGES = { fr, en } as const
export type Language = keyof typeof MESSAGES
export const LANGUAGES = Object.keys(MESSAGES) as Language[]
