/**
 * The issuer's server-rendered pages (sign-in, sign-out, errors): French or English by Accept-Language, no external
 * assets, no script. The sign-in form posts to `/interaction/<uid>/login`; the uid and oidc-provider's interaction
 * cookie bound to it make a forged cross-site post fail (CSRF).
 */
export type Lang = 'fr' | 'en';

const TEXT = {
  en: {
    title: 'Sign in to Vigie',
    user: 'User name',
    password: 'Password',
    submit: 'Sign in',
    invalid: 'Invalid user or password.',
    throttled: 'Too many failed attempts. Try again in a few minutes.',
    logoutTitle: 'Sign out of Vigie',
    logoutQuestion: 'Do you want to sign out?',
    logoutSubmit: 'Sign out',
    loggedOut: 'You are signed out.',
    errorTitle: 'Sign-in error',
  },
  fr: {
    title: 'Connexion à Vigie',
    user: "Nom d'utilisateur",
    password: 'Mot de passe',
    submit: 'Se connecter',
    invalid: 'Utilisateur ou mot de passe invalide.',
    throttled: 'Trop de tentatives échouées. Réessayez dans quelques minutes.',
    logoutTitle: 'Déconnexion de Vigie',
    logoutQuestion: 'Voulez-vous vous déconnecter ?',
    logoutSubmit: 'Se déconnecter',
    loggedOut: 'Vous êtes déconnecté.',
    errorTitle: 'Erreur de connexion',
  },
} as const;

/** The preferred of fr/en in an Accept-Language header (q-values honoured); English when neither is named. */
export function pickLang(header: string | undefined): Lang {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((e) => (e.lang === 'fr' || e.lang === 'en') && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as Lang | undefined) ?? 'en';
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#0f172a;color:#e2e8f0;display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center}
main{background:#1e293b;padding:2rem;border-radius:8px;width:20rem}h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .3rem}
input{width:100%;box-sizing:border-box;padding:.5rem;border-radius:4px;border:1px solid #475569;background:#0f172a;color:inherit}
button{margin-top:1.2rem;width:100%;padding:.6rem;border:0;border-radius:4px;background:#2563eb;color:#fff;font-size:1rem;cursor:pointer}
.error{background:#7f1d1d;padding:.6rem;border-radius:4px}`;

/** Headers of every page: no framing, no external anything, not cached. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

function page(lang: Lang, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(lang: Lang, uid: string, options: { error?: 'invalid' | 'throttled'; userName?: string } = {}): string {
  const t = TEXT[lang];
  const error = options.error ? `<p class="error" role="alert" data-testid="login-error">${escapeHtml(t[options.error])}</p>` : '';
  return page(
    lang,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>${error}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" autocomplete="on">
<label for="username">${escapeHtml(t.user)}</label><input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(options.userName ?? '')}">
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(t.submit)}</button></form>`,
  );
}

/** oidc-provider's end-session confirmation: `form` is its own form (with its xsrf token), submitted by the button. */
export function logoutPage(lang: Lang, form: string): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.logoutTitle,
    `<h1>${escapeHtml(t.logoutTitle)}</h1><p>${escapeHtml(t.logoutQuestion)}</p>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t.logoutSubmit)}</button>`,
  );
}

export function loggedOutPage(lang: Lang): string {
  const t = TEXT[lang];
  return page(lang, t.logoutTitle, `<h1>${escapeHtml(t.logoutTitle)}</h1><p>${escapeHtml(t.loggedOut)}</p>`);
}

/** An OIDC error page: the error code and its description only (never a stack). */
export function errorPage(lang: Lang, error: string, description: string | undefined): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.errorTitle,
    `<h1>${escapeHtml(t.errorTitle)}</h1><p class="error">${escapeHtml(error)}${description ? `: ${escapeHtml(description)}` : ''}</p>`,
  );
}
