/**
 * Built-in pt/en synonyms: a title word in `when` adds `add` to the section's keywords.
 * Keywords with punctuation or spaces match as phrases, single words as whole words.
 */
export const KEYWORD_SYNONYMS: readonly { when: readonly string[]; add: readonly string[] }[] = [
  {
    when: ['banco', 'database', 'db', 'postgres', 'postgresql', 'prisma', 'sql', 'mysql', 'dados'],
    add: [
      'banco',
      'database',
      'db',
      'postgres',
      'postgresql',
      'prisma',
      'p1001',
      'p1000',
      'p1017',
      'db:5432',
      '5432',
    ],
  },
  { when: ['redis', 'cache'], add: ['redis', '6379', 'noauth'] },
  {
    when: ['jwt', 'secret', 'secrets', 'token', 'tokens', 'autenticacao', 'authentication', 'auth'],
    add: [
      'jwt',
      'jsonwebtokenerror',
      'tokenexpirederror',
      'jwt_secret',
      'secret',
      'invalid signature',
      'jwt malformed',
    ],
  },
  {
    when: ['inicia', 'iniciar', 'sobe', 'start', 'starts', 'starting', 'boot', 'crash', 'crashing'],
    add: [
      // `Exited (1)` is a container state; a bare "exited" also appears in dockerd's health-check lines.
      'exited (',
      'restarting (',
      'not running',
      'crashloopbackoff',
      'back-off',
      'no such container',
      'exit code',
    ],
  },
  {
    when: ['disco', 'disk', 'espaco', 'space', 'storage'],
    add: ['no space left', 'enospc', 'disk full', '100%'],
  },
  {
    when: ['memoria', 'memory', 'oom', 'ram'],
    add: ['oom', 'oomkilled', 'out of memory', 'heap out of memory'],
  },
  {
    when: ['porta', 'portas', 'port', 'ports'],
    add: ['eaddrinuse', 'address already in use', 'port is already allocated'],
  },
  {
    when: ['permissao', 'permissoes', 'permission', 'permissions'],
    add: ['eacces', 'eperm', 'permission denied'],
  },
  {
    when: ['dns', 'rede', 'network'],
    add: ['enotfound', 'eai_again', 'getaddrinfo', 'network is unreachable'],
  },
  { when: ['certificado', 'certificate', 'ssl', 'tls'], add: ['certificate', 'x509', 'ssl', 'tls'] },
  { when: ['timeout', 'lento', 'slow', 'latencia', 'latency'], add: ['etimedout', 'timed out', 'timeout'] },
];

/** Words that say nothing about which problem a section treats (pt and en). */
export const STOP_WORDS = new Set(
  [
    'a o as os de da do das dos com sem em no na nos nas e ou para por que se nao um uma ao aos',
    'problema problemas erro erros falha falhas conexao verificar servico comum comuns container containers',
    'the of with without and or to in on for is not an problem problems issue issues error errors failure',
    'connection check service common cannot can out up down full high low slow app api',
  ]
    .join(' ')
    .split(' '),
);
