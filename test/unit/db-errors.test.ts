import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadUserInputError, DATABASE_BUSY_MESSAGE, DATABASE_UNAVAILABLE_MESSAGE } from '../../src/errors.js';
import { dataExceptionError, isDatabaseBusyError, isDatabaseConnectionError, isStatementTimeout } from '../../src/db/db-errors.js';
import { createErrorFormatter } from '../../src/api/format-error.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('database error classification', () => {
  it("a lost or refused connection, by socket code, SQLSTATE or pg's own message", () => {
    expect(isDatabaseConnectionError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseConnectionError(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseConnectionError(pgError('08006', 'connection failure'))).toBe(true);
    expect(isDatabaseConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseConnectionError(new Error('the database system is starting up'))).toBe(true);
  });

  it('looks through wrappers: cause, originalError and AggregateError attempts', () => {
    const wrapped = new Error('query failed', { cause: pgError('ECONNRESET', 'read ECONNRESET') });
    expect(isDatabaseConnectionError(wrapped)).toBe(true);
    expect(isDatabaseConnectionError(Object.assign(new Error('x'), { originalError: pgError('57P03', 'cannot connect now') }))).toBe(true);
    expect(isDatabaseConnectionError(new AggregateError([new Error('a'), pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')]))).toBe(true);
  });

  it('is not fooled by other errors, cycles, or errors nested too deep', () => {
    expect(isDatabaseConnectionError(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseConnectionError(null)).toBe(false);
    expect(isDatabaseConnectionError('Connection terminated')).toBe(false);
    const cyclic: { message: string; cause?: unknown } = { message: 'loop' };
    cyclic.cause = cyclic;
    expect(isDatabaseConnectionError(cyclic)).toBe(false);
    let deep: unknown = pgError('ECONNREFUSED', 'x');
    for (let i = 0; i < 7; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(isDatabaseConnectionError(deep)).toBe(false);
  });

  it('a full pool\'s wait timeout is "busy", not "unavailable"', () => {
    const waited = new Error('timeout exceeded when trying to connect');
    expect(isDatabaseBusyError(new Error('x', { cause: waited }))).toBe(true);
    expect(isDatabaseConnectionError(waited)).toBe(false);
    expect(isDatabaseBusyError(pgError('ECONNREFUSED', 'connect ECONNREFUSED'))).toBe(false);
  });

  it("a statement timeout is SQLSTATE 57014 with its own message, not a user's cancel", () => {
    expect(isStatementTimeout(pgError('57014', 'canceling statement due to statement timeout'))).toBe(true);
    expect(isStatementTimeout(pgError('57014', 'canceling statement due to user request'))).toBe(false);
    expect(isStatementTimeout(null)).toBe(false);
  });

  it("a data exception (class 22) becomes BAD_USER_INPUT with a hint and PostgreSQL's own reason", () => {
    const driver = pgError('22001', 'value too long for type character varying(20)');
    const orm = Object.assign(new Error(`insert into x - ${driver.message}`), { code: '22001', cause: driver });
    const error = dataExceptionError(orm)!;
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.message).toBe(
      'A text is longer than the database column holding it allows: shorten it. Nothing was changed. ' +
        '(PostgreSQL 22001: value too long for type character varying(20))',
    );
    expect(dataExceptionError(pgError('22P02', 'invalid input syntax'))!.message).toContain('PostgreSQL 22P02');
    expect(dataExceptionError(pgError('23505', 'duplicate key'))).toBeNull();
  });

  it('a NUL refused at the protocol (08P01 invalid message format) counts as a character error', () => {
    const error = dataExceptionError(pgError('08P01', 'invalid message format'))!;
    expect(error.message).toContain('PostgreSQL 08P01: invalid message format');
  });
});

describe('the error formatter', () => {
  const logged: unknown[] = [];
  const format = createErrorFormatter((error) => logged.push(error), false);
  const asResolverError = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['systems'] });

  it('maps a lost database to DATABASE_UNAVAILABLE, a full pool to DATABASE_BUSY, without logging', () => {
    const lost = asResolverError(pgError('ECONNREFUSED', 'connect ECONNREFUSED'));
    expect(format({ message: lost.message, path: ['systems'] }, lost)).toEqual({
      message: DATABASE_UNAVAILABLE_MESSAGE,
      path: ['systems'],
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    });
    const busy = asResolverError(new Error('timeout exceeded when trying to connect'));
    expect(format({ message: busy.message }, busy).extensions).toEqual({ code: 'DATABASE_BUSY' });
    expect(format({ message: busy.message }, busy).message).toBe(DATABASE_BUSY_MESSAGE);
    expect(logged).toEqual([]);
  });

  it('masks and logs anything else as INTERNAL_SERVER_ERROR', () => {
    const bug = asResolverError(new TypeError('cannot read properties of undefined'));
    const formatted = format({ message: bug.message, path: ['systems'] }, bug);
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(formatted.message).not.toContain('undefined');
    expect(logged).toHaveLength(1);
  });

  it('passes our own errors through with their code', () => {
    const own = new BadUserInputError('"first" must be between 1 and 100', 'first');
    const formatted = format({ message: own.message }, asResolverError(own));
    expect(formatted).toMatchObject({ message: own.message, extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  });
});
