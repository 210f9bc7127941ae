import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { ArticleOverride, CategoryPolicy, PolicyBook } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { useCategories } from '../acts/actsApi';

const newCategory = (category: string): CategoryPolicy => ({
  category,
  periods: { saleMonths: 12, productionMonths: 24 },
  preSale: { covered: false, maxMonths: 0 },
  refusalDays: 14,
  repeatClaimMonths: 6,
});

/** A whole number from an input, 0 when blank. */
const num = (v: string) => (v.trim() === '' ? 0 : Math.trunc(Number(v)));

/** A cell with a whole number of a row (its input named «row: column») and the API's problem with it. */
function NumberCell({ row, column, value, onChange, error }: { row: string; column: string; value: number; onChange: (n: number) => void; error: ReactNode }) {
  return (
    <td>
      <input type="number" min={0} aria-label={`${row}: ${column}`} value={value} onChange={(e) => onChange(num(e.target.value))} />
      {error}
    </td>
  );
}

/** The last cell of a row: its «Удалить». */
function RemoveCell({ onRemove }: { onRemove: () => void }) {
  return (
    <td>
      <button type="button" className="button button--ghost" onClick={onRemove}>
        {ru.policies.remove}
      </button>
    </td>
  );
}

/**
 * `/policies` (managers, admins): the warranty policy of each category and the
 * articles whose periods differ. The whole book is saved at once, on condition
 * nobody saved it meanwhile; every problem the API finds is shown at its field.
 * Exclusions set through the API are kept as they are.
 */
export default function PoliciesPage() {
  const t = ru.policies;
  usePageTitle(t.title);
  const qc = useQueryClient();
  const book = useQuery({ queryKey: ['policies'], queryFn: () => call(api.GET('/api/policies')) });
  const categories = useCategories();
  const [draft, setDraft] = useState<PolicyBook | null>(null);
  useEffect(() => {
    if (book.data) setDraft(book.data);
  }, [book.data]);
  const save = useMutation({
    mutationFn: (b: PolicyBook) =>
      call(api.PUT('/api/policies', { body: { version: b.version, categories: b.categories, articles: b.articles } })),
    onSuccess: (b) => {
      qc.setQueryData(['policies'], b);
      setDraft(b);
    },
  });
  if (book.isPending || !draft) return <Loading />;
  if (book.isError) return <ErrorAlert error={book.error} />;
  const fields = save.error instanceof ApiProblem ? save.error.fields : {};
  const err = (path: string) => fields[path] && <span className="field-error">{fields[path]}</span>;
  const setCat = (i: number, c: CategoryPolicy) =>
    setDraft({ ...draft, categories: draft.categories.map((x, j) => (j === i ? c : x)) });
  const setArt = (i: number, a: ArticleOverride) =>
    setDraft({ ...draft, articles: draft.articles.map((x, j) => (j === i ? a : x)) });
  const first = draft.categories[0];
  const unset = (categories.data ?? []).filter((c) => !draft.categories.some((p) => p.category === c.name));
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  return (
    <form className="page" onSubmit={onSave} data-testid="policies">
      <div className="page-head">
        <h1>{t.title}</h1>
      </div>
      <p className="muted">{t.intro}</p>
      {save.isSuccess && <Notice kind="success">{t.saved}</Notice>}
      <ErrorAlert error={save.error} />
      <ScrollTable label={t.categories}>
        <table className="table">
          <caption>{t.categories}</caption>
          <ColumnHeads columns={[t.category, t.saleMonths, t.productionMonths, t.preSaleCovered, t.preSaleMaxMonths, t.refusalDays, t.repeatClaimMonths, t.exclusions, '']} />
          <tbody>
            {draft.categories.map((c, i) => {
              const at = `categories[${i}].`;
              const preSale = { covered: c.preSale?.covered ?? false, maxMonths: c.preSale?.maxMonths ?? 0 };
              const repeat = c.repeatClaimMonths ?? 0;
              const int = (v: number, label: string, set: (n: number) => void, path: string) => (
                <NumberCell row={c.category} column={label} value={v} onChange={set} error={err(at + path)} />
              );
              return (
                <tr key={i}>
                  <th scope="row">
                    {c.category}
                    {err(at + 'category')}
                  </th>
                  {int(c.periods.saleMonths, t.saleMonths, (n) => setCat(i, { ...c, periods: { ...c.periods, saleMonths: n } }), 'periods.saleMonths')}
                  {int(c.periods.productionMonths, t.productionMonths,
                    (n) => setCat(i, { ...c, periods: { ...c.periods, productionMonths: n } }), 'periods.productionMonths')}
                  <td>
                    <input type="checkbox" aria-label={`${c.category}: ${t.preSaleCovered}`} checked={preSale.covered}
                      onChange={(e) => setCat(i, { ...c, preSale: { covered: e.target.checked, maxMonths: e.target.checked ? preSale.maxMonths : 0 } })} />
                  </td>
                  {int(preSale.maxMonths, t.preSaleMaxMonths, (n) => setCat(i, { ...c, preSale: { ...preSale, maxMonths: n } }), 'preSale.maxMonths')}
                  {int(c.refusalDays, t.refusalDays, (n) => setCat(i, { ...c, refusalDays: n }), 'refusalDays')}
                  {int(repeat, t.repeatClaimMonths, (n) => setCat(i, { ...c, repeatClaimMonths: n }), 'repeatClaimMonths')}
                  <td>{(c.exclusions ?? []).map((x) => x.name).join(', ') || '—'}</td>
                  <RemoveCell onRemove={() => setDraft({ ...draft, categories: draft.categories.filter((_, j) => j !== i) })} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
      {unset.length > 0 && (
        <div className="field">
          <label htmlFor="add-category">{t.addCategory}</label>
          <select id="add-category" value="" onChange={(e) => e.target.value &&
            setDraft({ ...draft, categories: [...draft.categories, newCategory(e.target.value)] })}>
            <option value="">{t.choose}</option>
            {unset.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <h2>{t.articles}</h2>
      <p className="muted">{t.articlesIntro}</p>
      <ScrollTable label={t.articles}>
        <table className="table">
          <caption>{t.articles}</caption>
          <ColumnHeads columns={[t.category, t.article, t.saleMonths, t.productionMonths, '']} />
          <tbody>
            {draft.articles.map((a, i) => {
              const at = `articles[${i}].`;
              const periods = a.periods ?? { saleMonths: 0, productionMonths: 0 };
              return (
                <tr key={i}>
                  <td>
                    <select aria-label={t.category} value={a.category} onChange={(e) => setArt(i, { ...a, category: e.target.value })}>
                      {draft.categories.map((c) => (
                        <option key={c.category} value={c.category}>
                          {c.category}
                        </option>
                      ))}
                    </select>
                    {err(at + 'category')}
                  </td>
                  <td>
                    <input aria-label={t.article} value={a.article} onChange={(e) => setArt(i, { ...a, article: e.target.value })} />
                    {err(at + 'article')}
                  </td>
                  <NumberCell row={a.article} column={t.saleMonths} value={periods.saleMonths}
                    onChange={(n) => setArt(i, { ...a, periods: { ...periods, saleMonths: n } })} error={err(at + 'periods.saleMonths')} />
                  <NumberCell row={a.article} column={t.productionMonths} value={periods.productionMonths}
                    onChange={(n) => setArt(i, { ...a, periods: { ...periods, productionMonths: n } })} error={err(at + 'periods.productionMonths')} />
                  <RemoveCell onRemove={() => setDraft({ ...draft, articles: draft.articles.filter((_, j) => j !== i) })} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
      {first && (
        <button type="button" className="button button--ghost" onClick={() => setDraft({ ...draft, articles: [...draft.articles,
          { category: first.category, article: '', periods: { ...first.periods } }] })}>
          {t.addArticle}
        </button>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? t.saving : t.save}
        </button>
      </div>
    </form>
  );
}
