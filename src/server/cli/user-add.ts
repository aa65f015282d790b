// `npm run user:add -- --email jo@council.example --name "Jo Bloggs" --role auditor --agency health`
// Creates an account in the database the environment names (DATABASE_URL, or PGlite in DATA_DIR).
// The password comes from --password, the USER_PASSWORD variable, or is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CreateUserRequestSchema } from '#shared/protocol/api.ts';
import { loadConfig } from '../config.ts';
import { AccountError, createUser } from '../services/accounts.ts';
import { PasswordPolicyError } from '../services/password-policy.ts';
import { openStore } from '../store/store.ts';

const USAGE = `Usage: npm run user:add -- --email EMAIL --name "NAME" --role ROLE [--role ROLE] [--agency AGENCY] [--password PASSWORD]
  ROLE: admin, qa-lead, auditor, parent-rep (an auditor needs --agency: education, health, social-care, sendat)
  Without --password (or USER_PASSWORD in the environment) a password is generated and printed once.
  On the embedded database (no DATABASE_URL), stop the server first: only one process may open DATA_DIR.`;

export async function addUser(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        agency: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return { code: 2, output: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` };
  }
  if (args.help) return { code: 0, output: USAGE };
  const generated = args.password ?? env.USER_PASSWORD ?? undefined;
  const password = generated ?? randomBytes(15).toString('base64url');
  const request = CreateUserRequestSchema.safeParse({
    email: args.email,
    name: args.name,
    roles: (args.role ?? []).flatMap((role) => role.split(',')).map((role) => role.trim()),
    ...(args.agency ? { agency: args.agency } : {}),
    password,
  });
  if (!request.success) {
    const problems = request.error.issues.map(
      (issue) => `  --${String(issue.path[0] ?? 'arguments').replace('roles', 'role')}: ${issue.message}`,
    );
    return { code: 2, output: `Cannot add that user:\n${problems.join('\n')}\n${USAGE}` };
  }
  const config = loadConfig(env);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const user = await createUser(store.db, null, request.data);
    const lines = [
      `Added ${user.email} (${user.roles.join(', ')}${user.agency ? `, ${user.agency}` : ''}) with id ${user.id}.`,
    ];
    if (generated === undefined) lines.push(`Password (shown once): ${password}`);
    return { code: 0, output: lines.join('\n') };
  } catch (error) {
    if (error instanceof AccountError) return { code: 1, output: error.message };
    if (error instanceof PasswordPolicyError)
      return { code: 2, output: `Cannot add that user:\n  --password: ${error.message}` };
    throw error;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  addUser(process.argv.slice(2), process.env)
    .then(({ code, output }) => {
      (code === 0 ? process.stdout : process.stderr).write(`${output}\n`);
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`user:add failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
