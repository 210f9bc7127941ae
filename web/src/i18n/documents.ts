// The printed documents' Russian strings (issue 15), part of `ru` (ru.documents).

export const documents = {
  title: 'Документы',
  receipt: 'Квитанция о приёме',
  completion: 'Акт выполненных работ',
  act: 'Гарантийный акт (PDF)',
  statement: 'Акт сверки компенсаций (PDF)',
  download: 'Скачать',
  print: 'Печать',
  email: 'Отправить по e-mail',
  to: 'Адрес e-mail',
  toCustomerHint: 'Пусто — на e-mail клиента из карточки',
  toCentreHint: 'Пусто — на e-mail сервисного центра',
  sending: 'Отправляем…',
  preparing: 'Готовим файл…',
  sent: (doc: string, to: string) => `Документ «${doc}» отправлен на ${to}.`,
  failed: 'Документ не получен:',
  sendFailed: 'Не отправлено:',
  month: 'Месяц',
  statementTitle: 'Сверка компенсаций за месяц',
  statementHint: 'Своя запчасть центра к компенсации и расходы за счёт центра по решениям месяца.',
};
