describe('guidelineModel', function () {
  'use strict';

  var model;
  var fx;

  beforeEach(module('refstack.guidelines', 'refstack.fixtures'));
  beforeEach(inject(function (guidelineModel, guidelineFixtures) {
    model = guidelineModel;
    fx = angular.copy(guidelineFixtures);
  }));

  describe('schema, status, releases, criteria', function () {
    var rows = [
      { doc: 'v12', schema: '1.2', status: 'superseded', releases: ['havana', 'icehouse'], criterion: 'Atomic desc' },
      { doc: 'v15', schema: '1.5', status: 'approved', releases: ['juno'], criterion: 'Used by clients' },
      { doc: 'v20', schema: '2.0', status: 'approved', releases: ['stein', 'train'], criterion: 'Atomic 2' },
    ];
    rows.forEach(function (row) {
      it('reads ' + row.doc, function () {
        var doc = fx[row.doc];
        expect(model.schemaOf(doc)).toBe(row.schema);
        expect(model.statusOf(doc)).toBe(row.status);
        expect(model.releasesOf(doc)).toEqual(row.releases);
        expect(model.criteriaOf(doc)[0].description).toBe(row.criterion);
      });
    });

    it('falls back to the top-level schema when metadata.schema is below 2.0', function () {
      expect(model.schemaOf({ metadata: { schema: '1.9' }, schema: '1.6' })).toBe('1.6');
      expect(model.releasesOf({ schema: '1.5' })).toEqual([]);
    });
  });

  describe('capabilityStatuses', function () {
    var rows = [
      { doc: 'v12', target: 'platform', expected: { 'cap-a': 'required', 'cap-b': 'required', 'cap-c': 'advisory', 'cap-o': 'required' } },
      { doc: 'v12', target: 'object', expected: { 'cap-o': 'required', 'cap-a': 'removed' } },
      { doc: 'v15', target: 'compute', expected: { 'cap-x': 'required', 'cap-missing': 'required', 'cap-y': 'advisory', 'cap-z': 'deprecated' } },
      { doc: 'v20', target: 'platform', expected: { c1: 'required', shared: 'required', c2: 'advisory', s1: 'required' } },
      { doc: 'v20', target: 'object', expected: { s1: 'required', shared: 'advisory' } },
      { doc: 'dns', target: 'dns', expected: { 'dns-zone': 'required' } },
    ];
    rows.forEach(function (row) {
      it('maps ' + row.doc + '/' + row.target + ' with the strongest status winning', function () {
        expect(model.capabilityStatuses(fx[row.doc], row.target)).toEqual(row.expected);
      });
    });

    it('throws for targets the document does not cover', function () {
      expect(function () { model.capabilityStatuses(fx.v20, 'dns'); }).toThrowError(/no capabilities/);
      expect(function () { model.capabilityStatuses(fx.dns, 'platform'); }).toThrowError(/no capabilities/);
      expect(function () { model.capabilityStatuses(fx.v12, 'network'); }).toThrowError(/no capabilities/);
    });
  });

  describe('testsOf / capabilitiesFor', function () {
    it('reads 1.2 test lists with the flagged array', function () {
      var tests = model.testsOf(fx.v12, 'cap-a');
      expect(tests.map(function (t) { return [t.name, t.flagged]; })).toEqual([['t.a1', false], ['t.a2', true]]);
    });

    it('reads 1.3+ test objects with flags, reasons and aliases', function () {
      var tests = model.testsOf(fx.v15, 'cap-x');
      expect(tests.length).toBe(4);
      expect(tests[1].aliases).toEqual(['t.x2.old']);
      expect(tests[2].flagged).toBe(true);
      expect(tests[2].flagReason).toBe('D401 buggy');
      expect(tests[0].idempotentId).toBe('id-1');
    });

    it('gives an empty list for a capability missing from capabilities', function () {
      expect(model.testsOf(fx.v15, 'cap-missing')).toEqual([]);
      var caps = model.capabilitiesFor(fx.v15, 'compute');
      expect(caps.map(function (c) { return c.id; })).toEqual(['cap-missing', 'cap-x', 'cap-y', 'cap-z']);
      expect(caps[0].missing).toBe(true);
      expect(caps[1].achievements).toEqual(['atomic']);
    });

    it('rejects unsupported schemas', function () {
      expect(function () { model.testsOf({ schema: '3.1', capabilities: {} }, 'x'); }).toThrowError(/not supported/);
    });
  });

  describe('versions', function () {
    it('sorts newest first and defaults to the newest dated guideline, not index 1', function () {
      var sorted = model.sortVersions(fx.index.powered);
      expect(sorted.map(function (v) { return v.name; })).toEqual(['next.json', '2020.06.json', '2019.11.json', '2015.03.json']);
      expect(model.defaultVersion(fx.index.powered).name).toBe('2020.06.json');
      expect(model.defaultVersion([{ name: '2019.11.json', file: '2019.11.json' }]).name).toBe('2019.11.json');
      expect(model.defaultVersion([{ name: 'next.json', file: 'next.json' }]).name).toBe('next.json');
      expect(model.defaultVersion([])).toBeNull();
    });

    it('picks a wanted version by name or file, else the default', function () {
      expect(model.pickVersion(fx.index.dns, '2020.06').file).toBe('dns.2020.06.json');
      expect(model.pickVersion(fx.index.dns, 'dns.next.json').file).toBe('dns.next.json');
      expect(model.pickVersion(fx.index.orchestration, '2020.06.json').file).toBe('orchestration.2019.11.json');
      expect(model.pickVersion(fx.index.powered, null).name).toBe('2020.06.json');
    });
  });
});
