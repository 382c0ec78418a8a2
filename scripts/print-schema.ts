import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printSortedSchema } from '../src/api/schema.js';

/** Writes schema/schema.graphql from the code: run after changing any type, and commit the result. */
const target = path.resolve(import.meta.dirname, '../schema/schema.graphql');
fs.writeFileSync(target, printSortedSchema(await buildAppSchema()));
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
