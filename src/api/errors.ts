import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ChannelError, ConflictError, HubError, NotFoundError, ValidationError } from '../core/errors';
import { ServiceUnavailableError } from '../hub';
import { StoreRejectedCredentialsError, StoreUnreachableError } from '../services/integration-service';

export interface ErrorBody {
  error: { code: string; message: string; details: unknown[] };
}

export function errorBody(code: string, message: string, details: unknown[] = []): ErrorBody {
  return { error: { code, message, details } };
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

function classify(error: unknown): { status: number; body: ErrorBody } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      field: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is invalid',
    }));
    return {
      status: 400,
      body: errorBody(
        'validation_failed',
        `invalid request: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
        details,
      ),
    };
  }
  if (error instanceof HttpError)
    return { status: error.statusCode, body: errorBody(error.code, error.message, error.details) };
  if (error instanceof ValidationError)
    return { status: 400, body: errorBody(error.code, error.message, error.details) };
  if (error instanceof NotFoundError) return { status: 404, body: errorBody(error.code, error.message) };
  if (error instanceof ConflictError) return { status: 409, body: errorBody(error.code, error.message) };
  if (error instanceof StoreRejectedCredentialsError)
    return { status: 422, body: errorBody(error.code, error.message) };
  if (error instanceof StoreUnreachableError)
    return { status: 502, body: errorBody(error.code, error.message) };
  if (error instanceof ServiceUnavailableError)
    return { status: 503, body: errorBody(error.code, error.message) };
  if (error instanceof ChannelError) return { status: 502, body: errorBody(error.code, error.message) };
  if (error instanceof HubError)
    return { status: 400, body: errorBody(error.code, error.message, error.details) };
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      body: errorBody(fastifyError.code ?? 'bad_request', fastifyError.message),
    };
  }
  return { status: 500, body: errorBody('internal', 'something went wrong on our side; it has been logged') };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = classify(error);
  if (status >= 500 && status !== 503) request.log.error({ err: error }, 'request failed');
  return reply.status(status).send(body);
}
