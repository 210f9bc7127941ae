import { describe, expect, it } from 'vitest';
import { count, plural, type NounForms } from './plural';

const day: NounForms = ['день', 'дня', 'дней'];
const act: NounForms = ['акт', 'акта', 'актов'];

describe('plural', () => {
  it.each([
    [0, 'дней'],
    [1, 'день'],
    [2, 'дня'],
    [3, 'дня'],
    [4, 'дня'],
    [5, 'дней'],
    [11, 'дней'],
    [12, 'дней'],
    [14, 'дней'],
    [21, 'день'],
    [22, 'дня'],
    [25, 'дней'],
    [101, 'день'],
    [111, 'дней'],
    [1.5, 'дня'],
  ])('%d → %s', (n, want) => {
    expect(plural(n, day)).toBe(want);
  });
});

describe('count', () => {
  it('writes the number and the agreeing noun', () => {
    expect(count(1, act)).toBe('1 акт');
    expect(count(3, day)).toBe('3 дня');
    expect(count(37, act)).toBe('37 актов');
    expect(count(1.5, day)).toBe('1,5 дня');
  });
});

describe('counts on the screens', () => {
  it('shows days in a status and in review with the agreeing noun, never «0,0 дн.»', async () => {
    const { ru } = await import('../i18n/ru');
    expect(ru.acts.days(1)).toBe('1 день');
    expect(ru.acts.days(3)).toBe('3 дня');
    expect(ru.acts.days(11)).toBe('11 дней');
    expect(ru.queue.reviewAge(0)).toBe('меньше суток');
    expect(ru.queue.reviewAge(0.96)).toBe('меньше суток');
    expect(ru.queue.reviewAge(2.7)).toBe('2 дня');
    expect(ru.queue.reviewOver(ru.queue.reviewAge(5.2))).toBe('5 дней — просрочено');
  });
});
