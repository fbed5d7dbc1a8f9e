import nock from 'nock';

// Every test runs offline: only loopback servers (fake Slack, simulated host) are reachable.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
