/** The help text (loaded by `servicekit --help` only: it is most of the CLI's size). */
export const USAGE = `servicekit — run any program as a native OS service

Usage:
  servicekit install --name NAME [options] [--start] -- COMMAND [ARG]...
  servicekit render  --name NAME [options] -- COMMAND [ARG]...   print what install would write
  servicekit update NAME [options] [--no-restart] [-- COMMAND [ARG]...]
                                              change an installed service: only what is given changes
                                              (--env K=V adds or changes K); restarts it if it ran
  servicekit apply FILE [--user] [--prune] [--dry-run] [--json]
                                              make the services what FILE lists ({"services": [config…]},
                                              JSON or an ES module): create, update, leave, and with
                                              --prune remove servicekit's own services not listed;
                                              --dry-run prints the plan with each file's diff
  servicekit uninstall NAME [--user] [--purge] --purge: its log files too (else kept, and said where)
  servicekit start|stop|restart NAME [--user]
  servicekit enable|disable NAME [--user]     start at boot (login) or not; neither starts nor stops it
  servicekit status NAME [--user] [--json] [--watch]
                                              exit 0 running, 3 any other state, 4 not installed;
                                              --watch: a line per change until Ctrl-C
  servicekit logs NAME [--user] [-f] [-n N]
  servicekit list [--user] [--json]           the services servicekit installed, with their state
  servicekit platform                         print the detected service manager

Install options:
  --name NAME              service name (letters, digits, _ . -)
  --display-name S         display name
  --description S          description
  --user                   per-user service (systemd --user) instead of a system service
  --linger                 with --user: keep the user's services running without a login
                           (loginctl enable-linger); without it install warns when lingering is off
  --env K=V                environment variable, repeatable; --env K copies K from this environment
  --env-file PATH          variables from a file in systemd's EnvironmentFile syntax, repeatable
                           (systemd reads it at each start; other managers at install and update)
  --workdir DIR            working directory (default: the current directory)
  --run-as USER            account to run as (system services)
  --group GROUP            group to run as (system services)
  --restart POLICY         always | on-failure | no (default always)
  --restart-sec N          seconds before a restart (default 1)
  --type TYPE              systemd: notify (program calls run()) | exec (default) | simple
  --dependency NAME        a service this one needs, repeatable
  --log-output             write stdout/stderr to files instead of the journal
  --log-dir DIR            directory for those files
  --template FILE          a custom template for the service file (Mustache, variables only;
                           see the README for each platform's variables)
  --memory-max SIZE        most memory it may use: bytes, or 512M, 2G (systemd only)
  --cpu-quota PERCENT      CPU time in percent of one CPU: 50, 200 (systemd only)
  --limit-nofile N         open files (N or infinity)
  --limit-nproc N          processes of its user (N or infinity)
  --kill-signal SIG        the signal that stops it (default SIGTERM)
  --stop-timeout SEC       how long its stop may take before it is killed (default 20, plus 10)
  --no-enable              do not start it at boot (servicekit enable NAME does, later)
  --start                  start after installing; fail and roll back if it does not come up
  --settle-ms N            with --start: how long it must stay up to count as started (default 1500)
  --start-type TYPE        Windows: automatic (default) | manual | disabled
  --delayed-start          Windows: delayed automatic start
  --password-env VAR       Windows: the --run-as account's password, read from variable VAR
                           (never from the command line)
  --smf-prefix PREFIX      Solaris SMF: the FMRI's category, svc:/PREFIX/NAME (default application)

Common options:
  --system PLATFORM        force a service manager (e.g. linux-systemd)
  --debug                  print stack traces
  -h, --help               this text
  --version                print the version

A COMMAND ending in .js, .mjs or .cjs runs with this Node (${process.execPath}).`;
