/*
 * The .tp language (Netsor tensor programs): the core syntax of LANGUAGE.md section 2 plus the
 * sugar of docs/LANGUAGE-EXTENSIONS.md (named constants, indexed names, for blocks, sums, guards
 * and if blocks), which tp.lang.sugar.Expander unrolls into core statements before anything else
 * reads the program. Statement words other than the instruction names are soft keywords: they are
 * matched as identifiers and recognised by the AST builder, so a variable may be called `x`,
 * `mean`, ...; the sugar words `let`, `for`, `in`, `sum`, `if`, `else` (and `T`) are tokens but
 * stay usable as names.
 *
 * Linear time: every decision between "another separator", "a statement" and "the end" is made
 * on the next token (a run of blank and comment lines is one NEWLINE token), so no prediction
 * scans a long run of separators, and a file of millions of blank lines is a handful of tokens.
 */
grammar Tp;

@parser::members {
    /** The option words of MatIn/VecIn: a value never starts with one ("frozen mean -1" is two options). */
    static boolean isOptionWord(Token t) {
        String s = t.getText();
        return s.equals("sigma") || s.equals("mean") || s.equals("init") || s.equals("frozen")
                || s.equals("standard") || s.equals("ntk");
    }
}


/* Statements and separators in any order: every decision is made on the next token (linear time;
   `sep* (statement (sep+ statement)*)? sep*` looked past a whole run of separators once per
   separator), and a syntax error is recovered from at the next separator instead of ending the
   parse. That two statements are separated is checked by the syntax-tree builder. */
program   : (sep | statement)* EOF ;
sep       : NEWLINE | ';' ;

statement
    : PROGRAM name                                       # programStmt
    | DIM dimDecl (',' dimDecl)*                         # dimStmt
    | LET name '=' expr                                  # letStmt
    | FOR binder (',' binder)* '{' block '}'             # forStmt
    | ifChain                                            # ifStmt
    | INPUT ref ':' dimension                            # inputStmt
    | MATIN ref ':' dimension by=ID dimension option*    # matInStmt
    | VECIN ref ':' dimension option*                    # vecInStmt
    | TRANSPOSE ref ':=' ref '^' TRANSPOSE               # transposeStmt
    | MATMUL ref ':=' ref ref                            # matMulStmt
    | LINCOMB ref ':=' expr                              # linCombStmt
    | NONLIN ref ':=' expr                               # nonlinStmt
    | MOMENT ref ':=' expr                               # momentStmt
    | PARAMETRIZATION name                               # parametrizationStmt
    | OUTPUT ref                                         # outputStmt
    ;

block     : (sep | statement)* ;

/* if COND { ... } else if COND { ... } else { ... }: `else` on the line of the closing brace */
ifChain   : IF cond '{' block '}' (ELSE (ifChain | '{' block '}'))? ;

/* i in 0..7 : both bounds included; `if COND` keeps the values for which COND holds */
binder    : name IN range (IF cond)? ;
range     : expr '..' expr ;

dimDecl   : name ('=' expr)? ;
/* a number, a width symbol or a let constant, or a parenthesised constant expression */
dimension : NUMBER | name | '(' expr ')' ;

/* sigma C | mean C | init zero | frozen | standard | ntk, in any order; which words are allowed is
   checked by the builder. A value never starts with an option word, so `frozen mean -1` is two options. */
option    : key=ID ({!isOptionWord(_input.LT(1))}? expr)? ;

/* a variable: x, or a member of an indexed family: x[t], g[i][j]; ranges only in declarations */
ref       : name index* ;
index     : '[' (range | expr) ']' ;

expr
    : <assoc=right> expr '^' expr                        # powExpr
    | op=('-' | '+') expr                                # unaryExpr
    | expr op=('*' | '/') expr                           # mulExpr
    | SUM '(' binder (',' binder)* ')' expr              # sumExpr
    | op=(SOFTMAX | LAYERNORM) '(' binder (',' binder)* (',' setting)* ')' expr   # normExpr
    | expr op=('+' | '-') expr                           # addExpr
    | '(' expr ')'                                       # parenExpr
    | name '(' (expr (',' expr)* (',' setting)*)? ')'    # callExpr
    | ref                                                # nameExpr
    | NUMBER                                             # numberExpr
    ;

/* a named setting of a built-in: layernorm(g, eps = 1e-5) */
setting   : name '=' expr ;

/* conditions (guards and if blocks): comparisons of constant expressions, chained as in
   mathematics (0 <= i + a - 1 < S), membership in a range (i + a - 1 in 0..S-1), ! && || */
cond
    : '!' cond                                           # notCond
    | cond '&&' cond                                     # andCond
    | cond '||' cond                                     # orCond
    | '(' cond ')'                                       # parenCond
    | expr (cmp expr)+                                   # cmpCond
    | expr IN range                                      # inCond
    ;
cmp       : '<' | '<=' | '>' | '>=' | '==' | '!=' ;

/* `T` is the transpose instruction but stays usable as a name (e.g. a number of time steps); so do
   the Netsor+ words `Moment`, `parametrization`, `softmax` and `layernorm` */
name      : ID | TRANSPOSE | LET | FOR | IN | SUM | IF | ELSE | MOMENT | PARAMETRIZATION | SOFTMAX | LAYERNORM ;

PROGRAM   : 'program' ;
DIM       : 'dim' ;
INPUT     : 'input' ;
MATIN     : 'MatIn' ;
VECIN     : 'VecIn' ;
TRANSPOSE : 'T' ;
MATMUL    : 'MatMul' ;
LINCOMB   : 'LinComb' ;
NONLIN    : 'Nonlin' ;
OUTPUT    : 'Output' ;
MOMENT    : 'Moment' ;
PARAMETRIZATION : 'parametrization' ;
SOFTMAX   : 'softmax' ;
LAYERNORM : 'layernorm' ;
LET       : 'let' ;
FOR       : 'for' ;
IN        : 'in' ;
SUM       : 'sum' ;
IF        : 'if' ;
ELSE      : 'else' ;

/* `2.` is a number but `0..7` is 0, '..', 7: a trailing dot must not start a '..' */
NUMBER    : DIGITS ('.' DIGITS)? EXPONENT?
          | DIGITS '.' {_input.LA(1) != '.'}? EXPONENT?
          | '.' DIGITS EXPONENT? ;
ID        : [A-Za-z_] [A-Za-z0-9_]* ;
/* a line end, and every blank or comment-only line after it: one token however long the run */
NEWLINE   : EOL ([ \t\f]* ('#' ~[\r\n]*)? EOL)* ;
COMMENT   : '#' ~[\r\n]* -> skip ;
WS        : [ \t\f]+ -> skip ;
ERRCHAR   : . ;

fragment EOL      : '\r'? '\n' | '\r' ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
