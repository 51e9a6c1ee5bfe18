-- normalize_email on the forms the landing contract warns about: every row
-- returned is an input whose result differs from the expected value.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected
    from (
        values
        ('  John.Doe@Example.CO.TH ', 'john.doe@example.co.th'),
        ('mailto:Somchai@Gmail.com', 'somchai@gmail.com'),
        ('MAILTO: nattaya_k@hotmail.com', 'nattaya_k@hotmail.com'),
        ('first.last+promo@sub.domain.co.th', 'first.last+promo@sub.domain.co.th'),
        ('j@company.com', 'j@company.com'),
        ('contest.winner@brand.co.th', 'contest.winner@brand.co.th'),
        ('test@test.com', null),
        ('TEST@gmail.com', null),
        ('test123@yahoo.com', null),
        ('noemail@company.co.th', null),
        ('no-email@shop.co.th', null),
        ('no.email@shop.co.th', null),
        ('none@gmail.com', null),
        ('none', null),
        ('no-email', null),
        ('n/a', null),
        ('-', null),
        ('', null),
        ('   ', null),
        (null, null),
        ('somchai.gmail.com', null),
        ('somchai@@gmail.com', null),
        ('somchai@gmail', null),
        ('som chai@gmail.com', null),
        ('สมชาย@gmail.com', null),
        ('.somchai@gmail.com', null),
        ('somchai.@gmail.com', null),
        ('som..chai@gmail.com', null),
        ('user@example.com', null),
        ('user@mail.example.org', null),
        ('user@shop.test', null),
        ('x@x.com', null),
        ('xxx@xxx.com', null),
        ('a@b.co', null)
    ) as cases_list (raw_value, expected)

),

normalized as (

    select
        raw_value,
        expected,
        {{ normalize_email('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from normalized
where actual is distinct from expected
