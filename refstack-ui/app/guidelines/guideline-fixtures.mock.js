/* Small guideline documents for specs (schemas 1.2, 1.5, 2.0 and a 2.0 add-on). */
(function () {
  'use strict';

  angular.module('refstack.fixtures', []).constant('guidelineFixtures', {
    v12: {
      schema: '1.2',
      status: 'superseded',
      releases: ['havana', 'icehouse'],
      platform: { required: ['compute', 'object'] },
      components: {
        compute: { required: ['cap-a', 'cap-b'], advisory: ['cap-c'], deprecated: [], removed: [] },
        object: { required: ['cap-o'], advisory: [], deprecated: [], removed: ['cap-a'] },
      },
      capabilities: {
        'cap-a': { description: 'A', tests: ['t.a1', 't.a2'], flagged: ['t.a2'] },
        'cap-b': { description: 'B', tests: ['t.b1'], flagged: [] },
        'cap-c': { description: 'C', tests: ['t.c1'], flagged: [] },
        'cap-o': { description: 'O', tests: ['t.o1', 't.o2'], flagged: [] },
      },
      criteria: { atomic: { Description: 'Atomic desc', name: 'Atomic', weight: 8 } },
    },
    v15: {
      schema: '1.5',
      status: 'approved',
      releases: ['juno'],
      platform: { required: ['compute'] },
      components: {
        compute: { required: ['cap-x', 'cap-missing'], advisory: ['cap-y'], deprecated: ['cap-z'], removed: [] },
      },
      capabilities: {
        'cap-x': {
          description: 'X',
          achievements: ['atomic'],
          tests: {
            't.x1': { idempotent_id: 'id-1' },
            't.x2': { idempotent_id: 'id-2', aliases: ['t.x2.old'] },
            't.x3': { idempotent_id: 'id-3', flagged: { reason: 'D401 buggy', action: 'x', date: 'y' } },
            't.x4': { idempotent_id: 'id-4' },
          },
        },
        'cap-y': { description: 'Y', tests: { 't.y1': { idempotent_id: 'id-5' } } },
        'cap-z': { description: 'Z', tests: { 't.z1': { idempotent_id: 'id-6' } } },
      },
      criteria: { clients: { Description: 'Used by clients', name: 'Clients', weight: 2 } },
    },
    v20: {
      metadata: {
        schema: '2.0',
        os_trademark_approval: { status: 'approved', releases: ['stein', 'train'] },
        scoring: { criteria: { atomic: { description: 'Atomic 2', name: 'Atomic', weight: 6 } } },
      },
      platforms: {
        'OpenStack Powered Platform': { components: [{ name: 'os_powered_compute' }, { name: 'os_powered_storage' }] },
        'OpenStack Powered Compute': { components: [{ name: 'os_powered_compute' }] },
        'OpenStack Powered Storage': { components: [{ name: 'os_powered_storage' }] },
      },
      components: {
        os_powered_compute: { capabilities: { required: ['c1', 'shared'], advisory: ['c2'], deprecated: [], removed: [] } },
        os_powered_storage: { capabilities: { required: ['s1'], advisory: ['shared'], deprecated: [], removed: [] } },
      },
      capabilities: {
        c1: { description: 'C1', tests: { 'c1.t1': { idempotent_id: 'id-a' }, 'c1.t2': { idempotent_id: 'id-b' } } },
        c2: { description: 'C2', tests: { 'c2.t1': { idempotent_id: 'id-c' } } },
        s1: { description: 'S1', tests: { 's1.t1': { idempotent_id: 'id-d' } } },
        shared: { description: 'Shared', tests: { 'sh.t1': { idempotent_id: 'id-e' } } },
      },
    },
    dns: {
      metadata: { schema: '2.0', os_trademark_approval: { status: 'approved', releases: ['ussuri'] } },
      'add-ons': { DNS: { components: [{ name: 'os_powered_dns' }] } },
      components: { os_powered_dns: { capabilities: { required: ['dns-zone'], advisory: [], deprecated: [], removed: [] } } },
      capabilities: { 'dns-zone': { description: 'Zones', tests: { 'dns.t1': { idempotent_id: 'uuid-1' } } } },
    },
    index: {
      powered: [
        { name: '2019.11.json', file: '2019.11.json' },
        { name: 'next.json', file: 'next.json' },
        { name: '2020.06.json', file: '2020.06.json' },
        { name: '2015.03.json', file: '2015.03.json' },
      ],
      dns: [
        { name: '2020.06.json', file: 'dns.2020.06.json' },
        { name: 'next.json', file: 'dns.next.json' },
      ],
      orchestration: [{ name: '2019.11.json', file: 'orchestration.2019.11.json' }],
    },
  });
})();
