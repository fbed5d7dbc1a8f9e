/** Files whose content is a secret: `.env*`, keys, credentials. */
const SECRET_FILE =
  /(^|\/)(\.env(\..*)?|.*\.(pem|key|p12|pfx)|id_(rsa|ed25519|ecdsa|dsa)|\.pgpass|\.netrc|\.npmrc|\.my\.cnf|\.git-credentials|credentials(\..*)?|secrets?(\..*)?|htpasswd|\.htpasswd|shadow|gshadow|environ|kubeconfig(\..*)?|.*\.kubeconfig|\.kube\/config|etc\/kubernetes\/.*\.conf|serviceaccount\/token|token|\.vault-token|\.docker\/config\.json|wp-config\.php|database\.yml|debian\.cnf|.*\.tfstate(\.backup)?|\.[a-z]*_history|\.history)$/i;

/** `$X` / `${X}` for a secret-looking variable name. */
const SECRET_VARIABLE =
  /\$\{?[A-Za-z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|PASS|KEY|DATABASE_URL|REDIS_URL|CREDENTIAL)[A-Za-z0-9_]*/i;

export const isSecretFile = (path: string): boolean => SECRET_FILE.test(path);
export const mentionsSecretVariable = (text: string): boolean => SECRET_VARIABLE.test(text);
