/**
 * The Claude client (seed 000's recipe-difficulty-rating), through @anthropic-ai/sdk. The SDK's own
 * retries are off (maxRetries 0): the engine retries (p-retry in the task, Cloud Tasks across
 * deliveries), so retries do not multiply. Errors are mapped onto the engine's error classes:
 * 429/529 -> RetryAfterError (Retry-After honoured), 408/409/5xx/network -> transient,
 * other 4xx and answers that fail validation -> NonRetriableError.
 */
import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { NonRetriableError, RetryAfterError } from "../engine/errors";

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export const difficultySchema = z.enum(DIFFICULTIES);
export type Difficulty = z.infer<typeof difficultySchema>;

const answerSchema = z.object({ difficulty: difficultySchema, reason: z.string().optional() });

export interface RecipeForRating {
  title: string;
  ingredients?: string[];
  instructions?: string;
}

export interface Rating {
  difficulty: Difficulty;
  inputTokens: number;
  outputTokens: number;
}

export interface DifficultyRater {
  rate(recipe: RecipeForRating): Promise<Rating>;
}

export interface AnthropicOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

const TOOL = "record_difficulty";
const DEFAULT_RETRY_AFTER_MS = 5_000;

export function promptFor(recipe: RecipeForRating): string {
  const lines = [`Title: ${recipe.title}`];
  if (recipe.ingredients?.length) lines.push(`Ingredients: ${recipe.ingredients.join(", ")}`);
  if (recipe.instructions) lines.push(`Instructions: ${recipe.instructions}`);
  return `Rate how difficult this recipe is for a home cook: easy, medium or hard.\n${lines.join("\n")}`;
}

export function anthropicRater(options: AnthropicOptions): DifficultyRater {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
  return {
    async rate(recipe) {
      let message: Anthropic.Message;
      try {
        message = await client.messages.create({
          model: options.model,
          max_tokens: 200,
          messages: [{ role: "user", content: promptFor(recipe) }],
          tools: [
            {
              name: TOOL,
              description: "Record the recipe's difficulty.",
              input_schema: {
                type: "object",
                properties: { difficulty: { type: "string", enum: [...DIFFICULTIES] }, reason: { type: "string" } },
                required: ["difficulty"],
              },
            },
          ],
          tool_choice: { type: "tool", name: TOOL },
        });
      } catch (error) {
        throw mapError(error);
      }
      const block = message.content.find((b) => b.type === "tool_use");
      const answer = answerSchema.safeParse(block?.type === "tool_use" ? block.input : undefined);
      if (!answer.success) throw new NonRetriableError(`Invalid difficulty answer: ${answer.error.issues.map((i) => i.message).join("; ")}`);
      return { difficulty: answer.data.difficulty, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
    },
  };
}

export function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get("retry-after");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export function mapError(error: unknown): Error {
  if (error instanceof Anthropic.APIConnectionError) return error; // network or timeout: transient
  if (error instanceof Anthropic.APIError) {
    const status = error.status ?? 0;
    const message = `Claude API ${status}: ${error.message}`;
    if (status === 429 || status === 529) {
      return new RetryAfterError(message, retryAfterMs(error.headers) ?? DEFAULT_RETRY_AFTER_MS, { cause: error });
    }
    if (status === 408 || status === 409 || status >= 500) return new Error(message, { cause: error });
    return new NonRetriableError(message, { cause: error });
  }
  if (error instanceof SyntaxError) return new NonRetriableError(`Claude answered with invalid JSON: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}
