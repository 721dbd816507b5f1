import type { FastifyInstance } from "fastify";
import { solveChallenge } from "altcha-lib/v1";

/**
 * Does what a reader's browser does in the background: fetches a challenge from the blog
 * and solves it, returning the value the widget puts in the form's "altcha" field.
 */
export async function solvedProofOfWork(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: "GET", url: "/comments/challenge" });
  const challenge = response.json() as { algorithm: string; challenge: string; salt: string; signature: string; maxnumber?: number };
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error("the blog's proof-of-work challenge had no solution");
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature, took: solution.took };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}
