/** The page shown for a session that does not exist, in French and English. */
export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Séance introuvable — Codev Board</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2a36}a{color:#1f5fa8}</style>
</head>
<body>
<main>
<h1>Séance introuvable</h1>
<p>Ce lien ne correspond à aucune séance. Il a peut-être été mal copié, ou la séance a été supprimée.</p>
<p lang="en"><strong>Session not found.</strong> This link does not match any session. It may have been copied wrongly, or the session was deleted.</p>
<p><a href="/">Retour à l’accueil / Back to the home page</a></p>
</main>
</body>
</html>
`
